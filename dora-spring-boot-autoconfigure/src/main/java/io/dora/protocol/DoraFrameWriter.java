package io.dora.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/**
 * Builds whole frames in a single buffer: the header is reserved, the JSON body is written straight behind it,
 * and the header is filled in once the body's length is known. Bodies at or above the compression threshold are
 * gzip-compressed and flagged. A body larger than the frame limit is refused before anything is sent.
 */
public final class DoraFrameWriter {

	private final DoraJsonCodec codec;

	private final int maxFrameLength;

	private final int compressionThreshold;

	/**
	 * @param codec the JSON codec
	 * @param maxFrameLength the largest body this writer produces
	 * @param compressionThreshold bodies of at least this many bytes are compressed; a negative value disables
	 * compression
	 */
	public DoraFrameWriter(DoraJsonCodec codec, int maxFrameLength, int compressionThreshold) {
		this.codec = codec;
		this.maxFrameLength = maxFrameLength;
		this.compressionThreshold = compressionThreshold;
	}

	public DoraJsonCodec codec() {
		return this.codec;
	}

	public int maxFrameLength() {
		return this.maxFrameLength;
	}

	/**
	 * Encodes a frame with a JSON body.
	 * @throws DoraProtocolException with {@link DoraCodes#FRAME_TOO_LARGE} if the body exceeds the limit
	 */
	public ByteBuf write(ByteBufAllocator alloc, MessageType type, int flags, Guid guid, int timeoutMillis,
			Object body) {
		ByteBuf frame = alloc.ioBuffer(512);
		boolean done = false;
		try {
			frame.writerIndex(DoraProtocol.HEADER_LENGTH);
			this.codec.write(frame, body);
			int bodyLength = frame.writerIndex() - DoraProtocol.HEADER_LENGTH;
			if (this.compressionThreshold >= 0 && bodyLength >= this.compressionThreshold) {
				ByteBuf compressed = compress(alloc, frame, type, flags, guid, timeoutMillis);
				frame.release();
				frame = compressed;
				done = true;
				return frame;
			}
			checkLength(bodyLength);
			setHeader(frame, type, flags, guid, timeoutMillis, bodyLength);
			done = true;
			return frame;
		}
		finally {
			if (!done) {
				frame.release();
			}
		}
	}

	private ByteBuf compress(ByteBufAllocator alloc, ByteBuf plain, MessageType type, int flags, Guid guid,
			int timeoutMillis) {
		ByteBuf frame = alloc.ioBuffer(plain.readableBytes() / 2 + DoraProtocol.HEADER_LENGTH);
		try {
			frame.writerIndex(DoraProtocol.HEADER_LENGTH);
			BodyCompression.compress(plain.slice(DoraProtocol.HEADER_LENGTH, plain.writerIndex() - DoraProtocol.HEADER_LENGTH), frame);
			int bodyLength = frame.writerIndex() - DoraProtocol.HEADER_LENGTH;
			checkLength(bodyLength);
			setHeader(frame, type, flags | DoraProtocol.FLAG_COMPRESSED, guid, timeoutMillis, bodyLength);
			return frame;
		}
		catch (RuntimeException ex) {
			frame.release();
			throw ex;
		}
	}

	private void checkLength(int bodyLength) {
		if (bodyLength > this.maxFrameLength) {
			throw new DoraProtocolException(DoraCodes.FRAME_TOO_LARGE,
					"body of " + bodyLength + " bytes exceeds the frame limit of " + this.maxFrameLength);
		}
	}

	private static void setHeader(ByteBuf frame, MessageType type, int flags, Guid guid, int timeoutMillis,
			int bodyLength) {
		int end = frame.writerIndex();
		frame.writerIndex(0);
		DoraFrame.writeHeader(frame, type, flags, DoraProtocol.CODEC_JSON, guid, timeoutMillis, 0, bodyLength);
		frame.writerIndex(end);
	}

	/** Encodes a frame without a body, such as a heartbeat. */
	public static ByteBuf writeEmpty(ByteBufAllocator alloc, MessageType type, Guid guid) {
		ByteBuf frame = alloc.ioBuffer(DoraProtocol.HEADER_LENGTH);
		DoraFrame.writeHeader(frame, type, 0, DoraProtocol.CODEC_NONE, guid, 0, 0, 0);
		return frame;
	}

	/**
	 * The JSON bytes of a received body, inflated when the frame's flags say it is compressed.
	 * @param body the body bytes as received
	 * @param flags the frame's flags
	 * @param maxLength the largest inflated size accepted
	 */
	public static byte[] json(byte[] body, int flags, int maxLength) {
		return ((flags & DoraProtocol.FLAG_COMPRESSED) != 0) ? BodyCompression.inflate(body, maxLength) : body;
	}

}
