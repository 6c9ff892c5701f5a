package io.dora.client.connection;

import io.dora.protocol.DoraProtocolException;
import io.dora.protocol.Guid;
import io.dora.protocol.MessageType;
import io.dora.protocol.original.OriginalEnvelopes;
import io.dora.protocol.original.OriginalFrame;
import io.dora.protocol.original.OriginalFrameError;
import io.dora.protocol.original.OriginalFrameWriter;
import io.dora.protocol.original.PhpUnserializer;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import tools.jackson.databind.JsonNode;

/**
 * Routes the frames of an original PHP Dora provider to the connection's pending calls, translated into the
 * replies a Dora provider would have sent: a frame whose envelope has {@code isresult: 1} is the pushed result of
 * a mode-2 call, any other the reply to the call its guid names. From there on the calls are handled as on a Dora
 * connection. The original protocol has no heartbeat, so none is sent. One instance per channel.
 */
final class OriginalProtocolClientHandler extends SimpleChannelInboundHandler<Object> {

	private static final Log logger = LogFactory.getLog(OriginalProtocolClientHandler.class);

	private final OriginalFrameWriter writer;

	private final OriginalEnvelopes envelopes;

	private final PhpUnserializer unserializer = new PhpUnserializer();

	OriginalProtocolClientHandler(OriginalFrameWriter writer, OriginalEnvelopes envelopes) {
		this.writer = writer;
		this.envelopes = envelopes;
	}

	@Override
	protected void channelRead0(ChannelHandlerContext ctx, Object msg) {
		DoraConnection connection = ctx.channel().attr(DoraConnection.KEY).get();
		if (connection == null) {
			return;
		}
		if (msg instanceof OriginalFrame frame) {
			onFrame(connection, frame);
		}
		else if (msg instanceof OriginalFrameError error) {
			connection.onError(error.code(), error.message(), Guid.parseOrNull(error.guid()), error.fatal());
		}
	}

	private void onFrame(DoraConnection connection, OriginalFrame frame) {
		Guid guid = Guid.parseOrNull(frame.guid());
		if (guid == null) {
			connection.onUnroutableReply(frame.guid());
			return;
		}
		JsonNode envelope;
		byte[] json;
		try {
			envelope = this.unserializer.read(this.writer.serialized(frame));
			json = this.envelopes.doraReplyJson(envelope);
		}
		catch (DoraProtocolException ex) {
			connection.onError(ex.code(), "unreadable reply: " + ex.getMessage(), guid, false);
			return;
		}
		MessageType type = (envelope.path("isresult").asInt(0) == 1) ? MessageType.ASYNC_RESULT
				: MessageType.RESPONSE;
		connection.onJsonReply(type, guid, json);
	}

	@Override
	public void channelInactive(ChannelHandlerContext ctx) throws Exception {
		DoraConnection connection = ctx.channel().attr(DoraConnection.KEY).get();
		if (connection != null) {
			connection.onClosed();
		}
		super.channelInactive(ctx);
	}

	@Override
	public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
		if (logger.isDebugEnabled()) {
			logger.debug("Closing original-protocol connection " + ctx.channel() + " after an error", cause);
		}
		ctx.close();
	}

}
