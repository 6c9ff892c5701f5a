package io.dora.server.netty;

import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;

import io.dora.handler.DoraDispatcher;
import io.dora.handler.DoraInbound;
import io.dora.protocol.CallMode;
import io.dora.protocol.DoraBodyCodec;
import io.dora.protocol.DoraCodes;
import io.dora.protocol.DoraFrame;
import io.dora.protocol.DoraFrameError;
import io.dora.protocol.DoraFrameWriter;
import io.dora.protocol.DoraProtocolException;
import io.dora.protocol.Guid;
import io.dora.protocol.MessageType;
import io.dora.protocol.ResponseEnvelope;
import io.dora.security.FrameVerifier;
import io.dora.security.TlsPeer;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.group.ChannelGroup;
import io.netty.handler.timeout.IdleStateEvent;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Hands each request frame to the {@link DoraDispatcher} and answers heartbeats and protocol errors. It copies
 * the body and releases the frame at once; handlers run on the business executor, never here.
 */
@Sharable
class DoraServerHandler extends SimpleChannelInboundHandler<Object> {

	private static final Log logger = LogFactory.getLog(DoraServerHandler.class);

	private final DoraDispatcher dispatcher;

	private final DoraFrameWriter writer;

	private final ChannelGroup channels;

	private final int maxConnections;

	private final FrameVerifier verifier;

	/**
	 * @param verifier checks request signatures; {@code null} when the provider accepts unsigned requests
	 */
	DoraServerHandler(DoraDispatcher dispatcher, DoraFrameWriter writer, ChannelGroup channels, int maxConnections,
			FrameVerifier verifier) {
		this.dispatcher = dispatcher;
		this.writer = writer;
		this.channels = channels;
		this.maxConnections = maxConnections;
		this.verifier = verifier;
	}

	@Override
	public void channelActive(ChannelHandlerContext ctx) throws Exception {
		this.dispatcher.stats().connectionOpened();
		this.channels.add(ctx.channel());
		if (this.maxConnections > 0 && this.dispatcher.stats().openConnections() > this.maxConnections) {
			logger.warn("Closing Dora connection from " + ctx.channel().remoteAddress() + ": more than "
					+ this.maxConnections + " connections are open (dora.server.max-connections)");
			ctx.close();
		}
		super.channelActive(ctx);
	}

	@Override
	public void channelInactive(ChannelHandlerContext ctx) throws Exception {
		this.dispatcher.stats().connectionClosed();
		super.channelInactive(ctx);
	}

	@Override
	protected void channelRead0(ChannelHandlerContext ctx, Object msg) {
		if (msg instanceof DoraFrame frame) {
			onFrame(ctx, frame);
		}
		else if (msg instanceof DoraFrameError error) {
			onError(ctx, error);
		}
	}

	private void onFrame(ChannelHandlerContext ctx, DoraFrame frame) {
		MessageType type = frame.type();
		if (type == MessageType.PING) {
			ctx.writeAndFlush(DoraFrameWriter.writeEmpty(ctx.alloc(), MessageType.PONG, frame.guid()),
					ctx.voidPromise());
			return;
		}
		if (!type.isRequest()) {
			// A provider sends no pings and answers no replies: say so rather than leave the sender waiting.
			String hint = (type == MessageType.PONG) ? " (it sends no PING)" : "";
			onError(ctx, new DoraFrameError(DoraCodes.UNKNOWN_TYPE,
					"a provider does not accept " + type + " frames" + hint, frame.guid(), type, false));
			return;
		}
		byte[] body = ByteBufUtil.getBytes(frame.content());
		long receivedNanos = System.nanoTime();
		if (this.verifier == null) {
			// With keys, the verifier refuses a malformed extension block as a bad signature (100005).
			if (!frame.hasWellFormedExtension()) {
				onError(ctx, new DoraFrameError(DoraCodes.MALFORMED, "an extension entry runs past the extension block",
						frame.guid(), type, false));
				return;
			}
			dispatch(ctx, frame, body, receivedNanos, TlsPeer.hasClientCertificate(ctx.channel()));
			return;
		}
		CompletableFuture<Void> shared;
		try {
			byte[] mac = this.verifier.verify(frame, body, (InetSocketAddress) ctx.channel().localAddress());
			shared = this.verifier.checkShared(mac);
		}
		catch (DoraProtocolException ex) {
			refuse(ctx, frame, ex);
			return;
		}
		if (shared.isDone() && !shared.isCompletedExceptionally()) {
			dispatch(ctx, frame, body, receivedNanos, true);
			return;
		}
		// The shared replay memory answers later: carry on on this connection's thread then.
		shared.whenComplete((passed, failure) -> ctx.executor().execute(() -> {
			if (failure == null) {
				dispatch(ctx, frame, body, receivedNanos, true);
			}
			else if (failure instanceof DoraProtocolException refused) {
				refuse(ctx, frame, refused);
			}
			else {
				ctx.fireExceptionCaught(failure);
			}
		}));
	}

	private void dispatch(ChannelHandlerContext ctx, DoraFrame frame, byte[] body, long receivedNanos,
			boolean authenticated) {
		int flags = frame.flags();
		int maxLength = this.writer.maxFrameLength();
		// The decoder let only codecs through that the codec has; a request without one (codec 0) is read as JSON.
		DoraBodyCodec bodyCodec = this.writer.codec().bodyCodec(frame.codec());
		DoraBodyCodec codec = (bodyCodec != null) ? bodyCodec : this.writer.codec().json();
		DoraInbound inbound = new DoraInbound(frame.guid(), CallMode.of(frame.type()), flags, frame.timeoutMillis(),
				receivedNanos, () -> codec.readRequest(DoraFrameWriter.json(body, flags, maxLength)), authenticated);
		this.dispatcher.dispatch(inbound, new ChannelReplySink(ctx.channel(), frame.guid(), this.writer, codec));
	}

	private void refuse(ChannelHandlerContext ctx, DoraFrame frame, DoraProtocolException ex) {
		onError(ctx, new DoraFrameError(ex.code(), ex.getMessage(), frame.guid(), frame.type(), false));
	}

	private void onError(ChannelHandlerContext ctx, DoraFrameError error) {
		if (error.code() == DoraCodes.SERVER_BUSY) {
			this.dispatcher.stats().rejectedBusy();
		}
		else {
			this.dispatcher.stats().protocolError();
		}
		if (logger.isDebugEnabled()) {
			logger.debug("Dora protocol error " + error.code() + " from " + ctx.channel().remoteAddress() + ": "
					+ error.message());
		}
		// A frame whose guid could not be read is answered with the all-zero guid, in the header and the body alike.
		String guid = ((error.guid() != null) ? error.guid() : Guid.ZERO).toString();
		new ChannelReplySink(ctx.channel(), error.guid(), this.writer)
			.reply(ResponseEnvelope.status(guid, error.code(), error.message()));
		if (error.fatal()) {
			ctx.writeAndFlush(ctx.alloc().buffer(0)).addListener(ChannelFutureListener.CLOSE);
		}
	}

	/**
	 * A peer that does not read its replies is not read either until it catches up: what it keeps sending then
	 * waits in the TCP buffers instead of piling up replies in this process. If it never reads again, the idle
	 * timeout closes the connection.
	 */
	@Override
	public void channelWritabilityChanged(ChannelHandlerContext ctx) throws Exception {
		ctx.channel().config().setAutoRead(ctx.channel().isWritable());
		super.channelWritabilityChanged(ctx);
	}

	@Override
	public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
		if (event instanceof IdleStateEvent) {
			if (logger.isDebugEnabled()) {
				logger.debug("Closing idle Dora connection " + ctx.channel());
			}
			ctx.close();
			return;
		}
		super.userEventTriggered(ctx, event);
	}

	@Override
	public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
		if (logger.isDebugEnabled()) {
			logger.debug("Closing Dora connection " + ctx.channel() + " after an error", cause);
		}
		ctx.close();
	}

}
