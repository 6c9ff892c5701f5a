package io.dora.server.original;

import java.nio.charset.StandardCharsets;

import io.dora.handler.DoraDispatcher;
import io.dora.handler.DoraInbound;
import io.dora.protocol.CallMode;
import io.dora.protocol.DoraCodes;
import io.dora.protocol.DoraProtocolException;
import io.dora.protocol.RequestEnvelope;
import io.dora.protocol.ResponseEnvelope;
import io.dora.protocol.original.OriginalEnvelopes;
import io.dora.protocol.original.OriginalFrame;
import io.dora.protocol.original.OriginalFrameError;
import io.dora.protocol.original.OriginalFrameWriter;
import io.dora.protocol.original.OriginalProtocol;
import io.dora.protocol.original.PhpUnserializer;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.group.ChannelGroup;
import io.netty.handler.timeout.IdleStateEvent;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import tools.jackson.databind.JsonNode;

/**
 * Turns each frame of the original protocol into a request for the {@link DoraDispatcher}, with the call mode its
 * type string names ({@code W_S}, {@code W_M}, {@code AN_S}, {@code AN_M}, {@code AM_S}, {@code AM_M}, {@code SC}),
 * and answers frames that cannot be accepted with their code. Bodies are read on the I/O thread and handlers run
 * where the dispatcher runs them, as for Dora's own port.
 */
@Sharable
class OriginalProtocolServerHandler extends SimpleChannelInboundHandler<Object> {

	private static final Log logger = LogFactory.getLog(OriginalProtocolServerHandler.class);

	private final DoraDispatcher dispatcher;

	private final OriginalFrameWriter writer;

	private final OriginalEnvelopes envelopes;

	private final PhpUnserializer unserializer;

	private final ChannelGroup channels;

	private final int maxConnections;

	private final boolean controlAllowed;

	/**
	 * @param controlAllowed whether control commands are answered on this port, which cannot authenticate callers
	 */
	OriginalProtocolServerHandler(DoraDispatcher dispatcher, OriginalFrameWriter writer, OriginalEnvelopes envelopes,
			PhpUnserializer unserializer, ChannelGroup channels, int maxConnections, boolean controlAllowed) {
		this.dispatcher = dispatcher;
		this.writer = writer;
		this.envelopes = envelopes;
		this.unserializer = unserializer;
		this.channels = channels;
		this.maxConnections = maxConnections;
		this.controlAllowed = controlAllowed;
	}

	@Override
	public void channelActive(ChannelHandlerContext ctx) throws Exception {
		this.dispatcher.stats().connectionOpened();
		this.channels.add(ctx.channel());
		if (this.maxConnections > 0 && this.dispatcher.stats().openConnections() > this.maxConnections) {
			logger.warn("Closing original-protocol connection from " + ctx.channel().remoteAddress()
					+ ": more than " + this.maxConnections + " connections are open (dora.server.max-connections)");
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
		if (msg instanceof OriginalFrame frame) {
			onFrame(ctx, frame);
		}
		else if (msg instanceof OriginalFrameError error) {
			onError(ctx, error);
		}
	}

	private void onFrame(ChannelHandlerContext ctx, OriginalFrame frame) {
		RequestEnvelope<JsonNode> request;
		try {
			request = this.envelopes.request(this.unserializer.read(this.writer.serialized(frame)), frame.guid());
		}
		catch (DoraProtocolException ex) {
			onError(ctx, new OriginalFrameError(ex.code(), ex.getMessage(), frame.guid(), false));
			return;
		}
		String replyGuid = isFrameGuid(request.guid()) ? request.guid() : frame.guid();
		CallMode mode = mode(request.type());
		if (mode == null) {
			this.dispatcher.stats().protocolError();
			reply(ctx, replyGuid, ResponseEnvelope.status(request.guid(), DoraCodes.UNKNOWN_TYPE,
					"unknow task type.未知类型任务: '" + request.type() + "' is not W_S, W_M, AN_S, AN_M, AM_S, AM_M or SC"));
			return;
		}
		DoraInbound inbound = new DoraInbound(null, mode, 0, 0, System.nanoTime(), () -> request,
				mode == CallMode.CONTROL && this.controlAllowed);
		this.dispatcher.dispatch(inbound,
				new OriginalReplySink(ctx.channel(), replyGuid, this.writer, this.envelopes, mode == CallMode.CONTROL));
	}

	/** The mode a type string names, or {@code null} for an unknown one. */
	static CallMode mode(String type) {
		if (OriginalProtocol.CONTROL_TYPE.equals(type)) {
			return CallMode.CONTROL;
		}
		for (CallMode mode : CallMode.values()) {
			if (mode != CallMode.CONTROL && mode.accepts(type)) {
				return mode;
			}
		}
		return null;
	}

	/** Whether the body's guid can stand in the reply's header, as the original server put it there. */
	private static boolean isFrameGuid(String guid) {
		return guid.length() == OriginalProtocol.GUID_LENGTH
				&& guid.getBytes(StandardCharsets.UTF_8).length == OriginalProtocol.GUID_LENGTH;
	}

	private void onError(ChannelHandlerContext ctx, OriginalFrameError error) {
		if (error.code() == DoraCodes.SERVER_BUSY) {
			this.dispatcher.stats().rejectedBusy();
		}
		else {
			this.dispatcher.stats().protocolError();
		}
		if (logger.isDebugEnabled()) {
			logger.debug("Original-protocol error " + error.code() + " from " + ctx.channel().remoteAddress() + ": "
					+ error.message());
		}
		reply(ctx, error.guid(), ResponseEnvelope.status(error.guid(), error.code(), error.message()));
		if (error.fatal()) {
			ctx.writeAndFlush(ctx.alloc().buffer(0)).addListener(ChannelFutureListener.CLOSE);
		}
	}

	private void reply(ChannelHandlerContext ctx, String guid, ResponseEnvelope<?> response) {
		new OriginalReplySink(ctx.channel(), guid, this.writer, this.envelopes, false).reply(response);
	}

	/** A peer that does not read its replies is not read either until it catches up, as on Dora's own port. */
	@Override
	public void channelWritabilityChanged(ChannelHandlerContext ctx) throws Exception {
		ctx.channel().config().setAutoRead(ctx.channel().isWritable());
		super.channelWritabilityChanged(ctx);
	}

	@Override
	public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
		if (event instanceof IdleStateEvent) {
			ctx.close();
			return;
		}
		super.userEventTriggered(ctx, event);
	}

	@Override
	public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
		if (logger.isDebugEnabled()) {
			logger.debug("Closing original-protocol connection " + ctx.channel() + " after an error", cause);
		}
		ctx.close();
	}

}
