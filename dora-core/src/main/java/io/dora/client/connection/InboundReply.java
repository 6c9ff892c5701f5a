package io.dora.client.connection;

import io.dora.discovery.DoraEndpoint;
import io.dora.protocol.DoraBodyCodec;
import io.dora.protocol.DoraFrame;
import io.dora.protocol.DoraFrameWriter;
import io.dora.protocol.DoraJsonCodec;
import io.dora.protocol.DoraProtocolException;
import io.dora.protocol.Guid;
import io.dora.protocol.MessageType;
import io.dora.protocol.ReplyCodes;
import io.netty.buffer.ByteBufUtil;

/**
 * A reply frame read once, on arrival: its codes and its body, inflated when it came compressed. The
 * connection routes it by its code (acknowledgement, shutdown notice), the caller retries by it, the observation
 * records it, and only the caller's thread decodes the body into values.
 *
 * @param type {@link MessageType#RESPONSE} or {@link MessageType#ASYNC_RESULT}
 * @param guid the guid in the frame header
 * @param codes the reply's codes; {@link ReplyCodes#UNREADABLE} (or the inflation's code) when it has none
 * @param json the body (JSON unless {@code bodyCodec} says otherwise), or {@code null} when it could not be inflated
 * @param unreadable why the body could not be inflated, or {@code null}
 * @param endpoint the provider that sent it
 * @param bodyCodec the codec the body is in, the frame header's; {@code null} for JSON
 */
public record InboundReply(MessageType type, Guid guid, ReplyCodes codes, byte[] json,
		DoraProtocolException unreadable, DoraEndpoint endpoint, DoraBodyCodec bodyCodec) {

	/** A reply whose body is JSON. */
	public InboundReply(MessageType type, Guid guid, ReplyCodes codes, byte[] json, DoraProtocolException unreadable,
			DoraEndpoint endpoint) {
		this(type, guid, codes, json, unreadable, endpoint, null);
	}

	/**
	 * Reads a frame's body in the frame's codec; does not release the frame.
	 * @param maxLength the largest inflated body accepted
	 */
	public static InboundReply read(DoraFrame frame, DoraEndpoint endpoint, DoraJsonCodec codec, int maxLength) {
		byte[] body = ByteBufUtil.getBytes(frame.content());
		DoraBodyCodec bodyCodec = codec.bodyCodec(frame.codec());
		if (bodyCodec == null) {
			bodyCodec = codec.json();
		}
		try {
			byte[] inflated = DoraFrameWriter.json(body, frame.flags(), maxLength);
			// Most replies of pipelined calls are acknowledgements, recognised by their bytes without parsing.
			ReplyCodes codes = bodyCodec.isAcknowledgement(inflated, frame.guid()) ? ReplyCodes.ACCEPTED
					: bodyCodec.readCodes(inflated);
			return new InboundReply(frame.type(), frame.guid(), codes, inflated, null, endpoint, bodyCodec);
		}
		catch (DoraProtocolException ex) {
			return new InboundReply(frame.type(), frame.guid(), new ReplyCodes(ex.code(), ex.code()), null, ex,
					endpoint, bodyCodec);
		}
	}

	/** The top-level (dispatch) code. */
	public int code() {
		return this.codes.code();
	}

}
