package io.dora.server.netty;

import io.dora.handler.DoraReplySink;
import io.dora.protocol.DoraBodyCodec;
import io.dora.protocol.DoraCodes;
import io.dora.protocol.DoraFrameWriter;
import io.dora.protocol.DoraProtocolException;
import io.dora.protocol.Guid;
import io.dora.protocol.MessageType;
import io.dora.protocol.ResponseEnvelope;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.util.Attribute;
import io.netty.util.AttributeKey;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Answers one TCP request on the connection it came in on, in the body codec the request came in (JSON for
 * refusals written before a body was read). A reply too large for a frame is replaced by a
 * {@code 100016} reply, so the caller always hears back.
 */
final class ChannelReplySink implements DoraReplySink {

	private static final Log logger = LogFactory.getLog(ChannelReplySink.class);

	/** The peer's address as text, made once per connection rather than once per call. */
	private static final AttributeKey<String> REMOTE_ADDRESS = AttributeKey.valueOf(ChannelReplySink.class,
			"remoteAddress");

	private final Channel channel;

	private final Guid guid;

	private final DoraFrameWriter writer;

	private final DoraBodyCodec bodyCodec;

	/** A sink that answers in JSON. */
	ChannelReplySink(Channel channel, Guid guid, DoraFrameWriter writer) {
		this(channel, guid, writer, writer.codec().json());
	}

	ChannelReplySink(Channel channel, Guid guid, DoraFrameWriter writer, DoraBodyCodec bodyCodec) {
		this.channel = channel;
		this.guid = (guid != null) ? guid : Guid.ZERO;
		this.writer = writer;
		this.bodyCodec = bodyCodec;
	}

	@Override
	public void reply(ResponseEnvelope<?> response) {
		send(MessageType.RESPONSE, response);
	}

	@Override
	public boolean push(ResponseEnvelope<?> result) {
		return send(MessageType.ASYNC_RESULT, result);
	}

	/**
	 * Writes the acknowledgement from the codec's pre-encoded body when its guid is the header guid, as it is for
	 * every request over TCP.
	 */
	@Override
	public void acknowledge(String guid) {
		if (!guid.equals(this.guid.toString())) {
			reply(ResponseEnvelope.accepted(guid));
			return;
		}
		if (isClosed(MessageType.RESPONSE)) {
			return;
		}
		this.channel.writeAndFlush(this.writer.writeAcknowledgement(this.channel.alloc(), this.bodyCodec, this.guid),
				this.channel.voidPromise());
	}

	private boolean isClosed(MessageType type) {
		if (this.channel.isActive()) {
			return false;
		}
		if (logger.isDebugEnabled()) {
			logger.debug("Dropping " + type + " for guid " + this.guid + ": connection " + this.channel + " is closed");
		}
		return true;
	}

	private boolean send(MessageType type, ResponseEnvelope<?> envelope) {
		if (isClosed(type)) {
			return false;
		}
		ByteBuf frame;
		try {
			frame = this.writer.write(this.channel.alloc(), this.bodyCodec, type, 0, this.guid, 0, envelope, null);
		}
		catch (DoraProtocolException ex) {
			frame = this.writer.write(this.channel.alloc(), this.bodyCodec, type, 0, this.guid, 0,
					unwritable(envelope, ex), null);
		}
		this.channel.writeAndFlush(frame, this.channel.voidPromise());
		return true;
	}

	/**
	 * What the caller gets instead of a reply that could not be written: a reply too large says so; data that
	 * cannot be written in the body codec is the handler's fault, answered like any handler failure, with the details (which
	 * name the data's classes) in the log only.
	 */
	private static ResponseEnvelope<?> unwritable(ResponseEnvelope<?> envelope, DoraProtocolException ex) {
		if (ex.code() == DoraCodes.FRAME_TOO_LARGE) {
			return ResponseEnvelope.status(envelope.guid(), ex.code(), ex.getMessage());
		}
		logger.error("Dora reply for guid " + envelope.guid() + " could not be written", ex);
		return ResponseEnvelope.status(envelope.guid(), DoraCodes.HANDLER_ERROR,
				DoraCodes.message(DoraCodes.HANDLER_ERROR) + " (guid " + envelope.guid() + ")");
	}

	@Override
	public String transport() {
		return "tcp";
	}

	@Override
	public String remoteAddress() {
		Attribute<String> address = this.channel.attr(REMOTE_ADDRESS);
		String text = address.get();
		if (text == null) {
			text = String.valueOf(this.channel.remoteAddress());
			address.set(text);
		}
		return text;
	}

}
