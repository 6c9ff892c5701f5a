package io.dora.server.original;

import java.util.Map;

import io.dora.handler.DoraReplySink;
import io.dora.protocol.DoraCodes;
import io.dora.protocol.DoraProtocolException;
import io.dora.protocol.ResponseEnvelope;
import io.dora.protocol.original.OriginalEnvelopes;
import io.dora.protocol.original.OriginalFrameWriter;
import io.dora.protocol.original.OriginalStats;
import io.dora.protocol.original.PhpSerializer;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Answers one request of the original protocol on the connection it came in on, in the original's envelope; a
 * pushed result is the same envelope with {@code isresult: 1}, which the original client's {@code waitResult} and
 * {@code getAsyncData} loops collect. A reply too large for a frame is replaced by a 100016 reply.
 */
final class OriginalReplySink implements DoraReplySink {

	private static final Log logger = LogFactory.getLog(OriginalReplySink.class);

	private final Channel channel;

	private final String frameGuid;

	private final OriginalFrameWriter writer;

	private final OriginalEnvelopes envelopes;

	private final boolean control;

	/**
	 * @param frameGuid the 32 characters written in the reply's header
	 * @param control whether the request is a control command, whose statistics take the original's shape
	 */
	OriginalReplySink(Channel channel, String frameGuid, OriginalFrameWriter writer, OriginalEnvelopes envelopes,
			boolean control) {
		this.channel = channel;
		this.frameGuid = frameGuid;
		this.writer = writer;
		this.envelopes = envelopes;
		this.control = control;
	}

	@Override
	public void reply(ResponseEnvelope<?> response) {
		send(response);
	}

	@Override
	public boolean push(ResponseEnvelope<?> result) {
		return send(result);
	}

	private boolean send(ResponseEnvelope<?> envelope) {
		if (!this.channel.isActive()) {
			if (logger.isDebugEnabled()) {
				logger.debug("Dropping reply for guid " + envelope.guid() + ": connection " + this.channel + " is closed");
			}
			return false;
		}
		ResponseEnvelope<?> shaped = envelope;
		if (this.control && envelope.code() == DoraCodes.OK && envelope.data() instanceof Map<?, ?> stats) {
			shaped = new ResponseEnvelope<>(envelope.guid(), envelope.code(), envelope.msg(), OriginalStats.of(stats),
					envelope.isresult());
		}
		ByteBuf frame;
		try {
			frame = frame(shaped);
		}
		catch (DoraProtocolException ex) {
			frame = frame(ResponseEnvelope.status(envelope.guid(), ex.code(), ex.getMessage()));
		}
		this.channel.writeAndFlush(frame, this.channel.voidPromise());
		return true;
	}

	private ByteBuf frame(ResponseEnvelope<?> envelope) {
		byte[] body = PhpSerializer.serialize(this.envelopes.reply(envelope, this.frameGuid));
		return this.writer.write(this.channel.alloc(), this.frameGuid, body);
	}

	@Override
	public String transport() {
		return "original";
	}

	@Override
	public String remoteAddress() {
		return String.valueOf(this.channel.remoteAddress());
	}

}
