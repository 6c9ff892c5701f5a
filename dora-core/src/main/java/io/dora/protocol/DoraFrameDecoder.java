package io.dora.protocol;

import java.util.List;
import java.util.function.IntPredicate;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;

/**
 * Splits the byte stream into {@link DoraFrame}s and validates every header field before a byte of the frame is
 * kept. Lengths are checked against the limit as soon as the 32-byte header is in, so a peer that declares a huge
 * frame costs nothing. A frame that cannot be accepted becomes a {@link DoraFrameError}:
 * <ul>
 * <li>wrong magic, oversized, or not completed within the frame read timeout: fatal, the rest of the stream is
 * discarded and the handler closes the connection after answering;</li>
 * <li>unsupported version, unknown type, reserved flags or unknown codec: the frame's bytes are skipped without
 * being buffered and the connection goes on.</li>
 * </ul>
 * The frame read timeout covers every started frame, a skipped one included, so that a peer cannot hold a
 * connection by announcing a frame it never finishes. A frame that does not arrive in one piece is accounted in a
 * {@link FrameBufferBudget} shared by all connections; one that does not fit is answered
 * {@link DoraCodes#SERVER_BUSY} and skipped, unbuffered, while the connection goes on.
 * Stateful: one instance per channel, never shared.
 */
public class DoraFrameDecoder extends BudgetedFrameDecoder {

	private final int maxFrameLength;

	/** The body codec ids this peer reads; a frame in another is answered 100006. */
	private final IntPredicate supportedCodecs;

	/** The frame being skipped, for the timeout's reply. */
	private Guid skippedGuid;

	private MessageType skippedType;

	/**
	 * @param maxFrameLength largest extension plus body accepted, in bytes
	 * @param frameReadTimeoutMillis time a started frame may take to arrive completely; 0 disables the check
	 */
	public DoraFrameDecoder(int maxFrameLength, long frameReadTimeoutMillis) {
		this(maxFrameLength, frameReadTimeoutMillis, FrameBufferBudget.UNLIMITED);
	}

	/**
	 * @param maxFrameLength largest extension plus body accepted, in bytes
	 * @param frameReadTimeoutMillis time a started frame may take to arrive completely; 0 disables the check
	 * @param budget what frames still arriving may hold, shared with the other connections
	 */
	public DoraFrameDecoder(int maxFrameLength, long frameReadTimeoutMillis, FrameBufferBudget budget) {
		this(maxFrameLength, frameReadTimeoutMillis, budget, DoraFrameDecoder::isJson);
	}

	/**
	 * @param maxFrameLength largest extension plus body accepted, in bytes
	 * @param frameReadTimeoutMillis time a started frame may take to arrive completely; 0 disables the check
	 * @param budget what frames still arriving may hold, shared with the other connections
	 * @param supportedCodecs the body codec ids accepted (for example {@link DoraJsonCodec#supports(int)}); others
	 * are answered {@link DoraCodes#UNSUPPORTED_CODEC}
	 */
	public DoraFrameDecoder(int maxFrameLength, long frameReadTimeoutMillis, FrameBufferBudget budget,
			IntPredicate supportedCodecs) {
		super(frameReadTimeoutMillis, budget);
		this.maxFrameLength = maxFrameLength;
		this.supportedCodecs = supportedCodecs;
	}

	private static boolean isJson(int codec) {
		return codec == DoraProtocol.CODEC_JSON || codec == DoraProtocol.CODEC_NONE;
	}

	@Override
	protected void decodeFrame(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
		int start = in.readerIndex();
		// The magic is checked as soon as it is in, so that garbage is refused without waiting for a header.
		if (in.readableBytes() >= 2 && in.getUnsignedShort(start + DoraProtocol.OFFSET_MAGIC) != DoraProtocol.MAGIC) {
			fail(in, out, new DoraFrameError(DoraCodes.MALFORMED, "bad magic: not a Dora frame", null, null, true));
			return;
		}
		if (in.readableBytes() < DoraProtocol.HEADER_LENGTH) {
			awaitRestOfFrame(ctx, in);
			return;
		}
		Guid guid = Guid.read(in, start + DoraProtocol.OFFSET_GUID);
		int extensionLength = in.getUnsignedShort(start + DoraProtocol.OFFSET_EXTENSION_LENGTH);
		long bodyLength = in.getUnsignedInt(start + DoraProtocol.OFFSET_BODY_LENGTH);
		MessageType type = MessageType.fromCode(in.getUnsignedByte(start + DoraProtocol.OFFSET_TYPE));
		if (extensionLength > DoraProtocol.MAX_EXTENSION_LENGTH || extensionLength + bodyLength > this.maxFrameLength) {
			fail(in, out, new DoraFrameError(DoraCodes.FRAME_TOO_LARGE,
					"frame of " + (extensionLength + bodyLength) + " bytes exceeds the limit of " + this.maxFrameLength,
					guid, type, true));
			return;
		}
		long frameLength = DoraProtocol.HEADER_LENGTH + extensionLength + bodyLength;
		DoraFrameError rejection = checkHeader(in, start, guid, type);
		if (rejection == null && in.readableBytes() < frameLength && !reserve(frameLength)) {
			rejection = new DoraFrameError(DoraCodes.SERVER_BUSY, "too many large frames are arriving at once; "
					+ "this one of " + frameLength + " bytes was skipped", guid, type, false);
		}
		if (rejection != null) {
			this.skippedGuid = guid;
			this.skippedType = type;
			skipFrame(ctx, in, out, frameLength, rejection);
			return;
		}
		if (in.readableBytes() < frameLength) {
			awaitRestOfFrame(ctx, in);
			return;
		}
		frameComplete();
		int flags = in.getUnsignedByte(start + DoraProtocol.OFFSET_FLAGS);
		int codec = in.getUnsignedByte(start + DoraProtocol.OFFSET_CODEC);
		int timeoutMillis = (int) Math.min(Integer.MAX_VALUE, in.getUnsignedInt(start + DoraProtocol.OFFSET_TIMEOUT));
		in.skipBytes(DoraProtocol.HEADER_LENGTH);
		byte[] extension = null;
		if (extensionLength > 0) {
			extension = new byte[extensionLength];
			in.readBytes(extension);
		}
		ByteBuf body = in.readRetainedSlice((int) bodyLength);
		out.add(new DoraFrame(type, flags, codec, guid, timeoutMillis, extension, body));
	}

	private DoraFrameError checkHeader(ByteBuf in, int start, Guid guid, MessageType type) {
		int version = in.getUnsignedByte(start + DoraProtocol.OFFSET_VERSION);
		if (version != DoraProtocol.VERSION) {
			return new DoraFrameError(DoraCodes.UNSUPPORTED_VERSION,
					"protocol version " + version + " is not supported; this peer speaks version " + DoraProtocol.VERSION,
					guid, type, false);
		}
		if (type == null) {
			return new DoraFrameError(DoraCodes.UNKNOWN_TYPE,
					"unknown message type " + in.getUnsignedByte(start + DoraProtocol.OFFSET_TYPE), guid, null, false);
		}
		int flags = in.getUnsignedByte(start + DoraProtocol.OFFSET_FLAGS);
		if ((flags & ~DoraProtocol.KNOWN_FLAGS) != 0) {
			return new DoraFrameError(DoraCodes.MALFORMED, "reserved flag bits set: " + flags, guid, type, false);
		}
		int codec = in.getUnsignedByte(start + DoraProtocol.OFFSET_CODEC);
		if (!this.supportedCodecs.test(codec)) {
			return new DoraFrameError(DoraCodes.UNSUPPORTED_CODEC, "unsupported body codec " + codec, guid, type,
					false);
		}
		return null;
	}

	@Override
	protected Object frameTimedOutError(ByteBuf pending) {
		Guid guid = null;
		MessageType type = null;
		if (isSkippingFrame()) {
			guid = this.skippedGuid;
			type = this.skippedType;
		}
		else if (pending.readableBytes() >= DoraProtocol.HEADER_LENGTH) {
			guid = Guid.read(pending, pending.readerIndex() + DoraProtocol.OFFSET_GUID);
			type = MessageType.fromCode(pending.getUnsignedByte(pending.readerIndex() + DoraProtocol.OFFSET_TYPE));
		}
		return new DoraFrameError(DoraCodes.FRAME_TRUNCATED,
				"frame not completed within " + frameReadTimeoutMillis() + " ms", guid, type, true);
	}

}
