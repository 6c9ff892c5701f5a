package io.dora.protocol.original;

import java.nio.charset.StandardCharsets;
import java.util.List;

import io.dora.protocol.BudgetedFrameDecoder;
import io.dora.protocol.DoraCodes;
import io.dora.protocol.FrameBufferBudget;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;

/**
 * Splits a stream of the original protocol into {@link OriginalFrame}s, with the same guards as Dora's own
 * decoder: the length field is checked against the limit as soon as its 4 bytes are in, so a peer that declares a
 * huge frame costs nothing; a frame that does not arrive in one piece is accounted in a {@link FrameBufferBudget}
 * shared by all connections (one that does not fit is answered 100014 and skipped unbuffered); and a started frame
 * must be complete within the frame read timeout. A frame that cannot be accepted becomes an
 * {@link OriginalFrameError}:
 * <ul>
 * <li>longer than the limit (100016), or not completed in time (100007): fatal, the handler closes the connection
 * after answering;</li>
 * <li>a length too short to hold the header (100007), or a wrong signature (100005): the frame is skipped and the
 * connection goes on, since its length still frames the stream.</li>
 * </ul>
 * Stateful: one instance per channel, never shared.
 */
public class OriginalFrameDecoder extends BudgetedFrameDecoder {

	private final int maxFrameLength;

	private final OriginalWireOptions options;

	/** The frame being skipped, for the timeout's reply. */
	private String skippedGuid;

	/**
	 * @param maxFrameLength largest value of the length field accepted, in bytes
	 * @param frameReadTimeoutMillis time a started frame may take to arrive completely; 0 disables the check
	 * @param budget what frames still arriving may hold, shared with the other connections
	 * @param options whether frames are signed
	 */
	public OriginalFrameDecoder(int maxFrameLength, long frameReadTimeoutMillis, FrameBufferBudget budget,
			OriginalWireOptions options) {
		super(frameReadTimeoutMillis, budget);
		this.maxFrameLength = maxFrameLength;
		this.options = options;
	}

	@Override
	protected void decodeFrame(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
		if (in.readableBytes() < OriginalProtocol.LENGTH_FIELD) {
			awaitRestOfFrame(ctx, in);
			return;
		}
		int start = in.readerIndex();
		long length = in.getUnsignedInt(start);
		String guid = guid(in, start);
		if (length > this.maxFrameLength) {
			fail(in, out, new OriginalFrameError(DoraCodes.FRAME_TOO_LARGE,
					"frame of " + length + " bytes exceeds the limit of " + this.maxFrameLength, guid, true));
			return;
		}
		long frameLength = OriginalProtocol.LENGTH_FIELD + length;
		OriginalFrameError rejection = null;
		if (length < this.options.headerLength()) {
			rejection = new OriginalFrameError(DoraCodes.FRAME_TRUNCATED, "packet length invalid: " + length
					+ " bytes cannot hold the " + this.options.headerLength() + "-byte header", guid, false);
		}
		else if (in.readableBytes() < frameLength && !reserve(frameLength)) {
			rejection = new OriginalFrameError(DoraCodes.SERVER_BUSY, "too many large frames are arriving at once; "
					+ "this one of " + frameLength + " bytes was skipped", guid, false);
		}
		if (rejection != null) {
			this.skippedGuid = guid;
			skipFrame(ctx, in, out, frameLength, rejection);
			return;
		}
		if (in.readableBytes() < frameLength) {
			awaitRestOfFrame(ctx, in);
			return;
		}
		frameComplete();
		in.skipBytes(OriginalProtocol.LENGTH_FIELD);
		int signature = this.options.signed() ? in.readInt() : 0;
		in.skipBytes(OriginalProtocol.GUID_LENGTH);
		byte[] body = new byte[(int) (length - this.options.headerLength())];
		in.readBytes(body);
		if (this.options.signed() && signature != this.options.signature(body)) {
			out.add(new OriginalFrameError(DoraCodes.SIGNATURE_INVALID,
					"Signed check error! (the CRC-32 of body and salt does not match)", guid, false));
			return;
		}
		out.add(new OriginalFrame(guid, body));
	}

	/** The header guid if it has arrived, else the zero guid. */
	private String guid(ByteBuf in, int start) {
		int offset = OriginalProtocol.LENGTH_FIELD + this.options.signatureLength();
		if (in.readableBytes() < offset + OriginalProtocol.GUID_LENGTH
				|| in.getUnsignedInt(start) < this.options.headerLength()) {
			return OriginalProtocol.ZERO_GUID;
		}
		return in.toString(start + offset, OriginalProtocol.GUID_LENGTH, StandardCharsets.ISO_8859_1);
	}

	@Override
	protected Object frameTimedOutError(ByteBuf pending) {
		String guid = isSkippingFrame() ? this.skippedGuid
				: (pending.readableBytes() >= OriginalProtocol.LENGTH_FIELD) ? guid(pending, pending.readerIndex())
						: OriginalProtocol.ZERO_GUID;
		return new OriginalFrameError(DoraCodes.FRAME_TRUNCATED,
				"packet length invalid: frame not completed within " + frameReadTimeoutMillis() + " ms", guid, true);
	}

}
