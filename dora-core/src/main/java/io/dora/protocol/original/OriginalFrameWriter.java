package io.dora.protocol.original;

import java.nio.charset.StandardCharsets;

import io.dora.protocol.BodyCompression;
import io.dora.protocol.DoraCodes;
import io.dora.protocol.DoraProtocolException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;

/**
 * Frames serialized bodies for the original protocol, and takes received bodies back out: gzip when the connection
 * compresses, the CRC-32 signature when it signs, the length field, the 32-byte guid.
 */
public final class OriginalFrameWriter {

	private final OriginalWireOptions options;

	private final int maxFrameLength;

	/**
	 * @param options whether bodies are signed and compressed
	 * @param maxFrameLength the largest frame (length field) written, and the largest inflated body read
	 */
	public OriginalFrameWriter(OriginalWireOptions options, int maxFrameLength) {
		this.options = options;
		this.maxFrameLength = maxFrameLength;
	}

	public OriginalWireOptions options() {
		return this.options;
	}

	public int maxFrameLength() {
		return this.maxFrameLength;
	}

	/**
	 * A whole frame.
	 * @param guid 32 ASCII characters
	 * @param serialized the PHP-serialized body, before compression
	 * @throws DoraProtocolException with {@link DoraCodes#FRAME_TOO_LARGE} when the frame exceeds the limit
	 */
	public ByteBuf write(ByteBufAllocator alloc, String guid, byte[] serialized) {
		byte[] guidBytes = guid.getBytes(StandardCharsets.ISO_8859_1);
		if (guidBytes.length != OriginalProtocol.GUID_LENGTH) {
			throw new IllegalArgumentException("An original-protocol guid is 32 bytes, not " + guidBytes.length);
		}
		byte[] body = serialized;
		if (this.options.compressed()) {
			ByteBuf compressed = Unpooled.buffer(serialized.length / 2 + 32);
			BodyCompression.compress(Unpooled.wrappedBuffer(serialized), compressed);
			body = new byte[compressed.readableBytes()];
			compressed.readBytes(body);
		}
		long length = (long) this.options.headerLength() + body.length;
		if (length > this.maxFrameLength) {
			throw new DoraProtocolException(DoraCodes.FRAME_TOO_LARGE,
					"frame of " + length + " bytes exceeds the limit of " + this.maxFrameLength);
		}
		ByteBuf frame = alloc.ioBuffer(OriginalProtocol.LENGTH_FIELD + (int) length);
		frame.writeInt((int) length);
		if (this.options.signed()) {
			frame.writeInt(this.options.signature(body));
		}
		frame.writeBytes(guidBytes);
		frame.writeBytes(body);
		return frame;
	}

	/**
	 * The serialized text of a received frame's body, inflated when the connection compresses.
	 * @throws DoraProtocolException {@link DoraCodes#FRAME_TOO_LARGE} when it inflates beyond the limit,
	 * {@link DoraCodes#FRAME_TRUNCATED} when it is cut off, {@link OriginalProtocol#BAD_PACKET} when it is not gzip
	 */
	public byte[] serialized(OriginalFrame frame) {
		if (!this.options.compressed()) {
			return frame.body();
		}
		try {
			return BodyCompression.inflate(frame.body(), this.maxFrameLength);
		}
		catch (DoraProtocolException ex) {
			if (ex.code() == DoraCodes.MALFORMED) {
				throw new DoraProtocolException(OriginalProtocol.BAD_PACKET,
						"body is not gzip, but this connection compresses bodies", ex);
			}
			throw ex;
		}
	}

}
