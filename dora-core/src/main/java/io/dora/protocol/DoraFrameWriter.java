package io.dora.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/**
 * Builds whole frames in a single buffer: the header (and the signature, when signing) is reserved, the body (JSON
 * unless another {@link DoraBodyCodec} is given) is written straight behind it, and the header is filled in once the body's length is known. Bodies at or above
 * the compression threshold are gzip-compressed and flagged. A body larger than the frame limit is refused before
 * anything is sent.
 */
public final class DoraFrameWriter {

	private final DoraJsonCodec codec;

	private final int maxFrameLength;

	private final int compressionThreshold;

	private final Signer signer;

	/**
	 * @param codec the JSON codec
	 * @param maxFrameLength the largest body this writer produces
	 * @param compressionThreshold bodies of at least this many bytes are compressed; a negative value disables
	 * compression
	 */
	public DoraFrameWriter(DoraJsonCodec codec, int maxFrameLength, int compressionThreshold) {
		this(codec, maxFrameLength, compressionThreshold, null);
	}

	/**
	 * @param codec the JSON codec
	 * @param maxFrameLength the largest body this writer produces
	 * @param compressionThreshold bodies of at least this many bytes are compressed; a negative value disables
	 * compression
	 * @param signer signs request frames; {@code null} to send them unsigned
	 */
	public DoraFrameWriter(DoraJsonCodec codec, int maxFrameLength, int compressionThreshold, Signer signer) {
		this.codec = codec;
		this.maxFrameLength = maxFrameLength;
		this.compressionThreshold = compressionThreshold;
		this.signer = signer;
	}

	public DoraJsonCodec codec() {
		return this.codec;
	}

	public int maxFrameLength() {
		return this.maxFrameLength;
	}

	/** Whether requests are signed, and so need their audience. */
	public boolean signsRequests() {
		return this.signer != null;
	}

	/**
	 * Encodes a frame with a JSON body, unsigned: a reply, or a request of a writer without a signer.
	 * @throws DoraProtocolException with {@link DoraCodes#FRAME_TOO_LARGE} if the body exceeds the limit
	 */
	public ByteBuf write(ByteBufAllocator alloc, MessageType type, int flags, Guid guid, int timeoutMillis,
			Object body) {
		return write(alloc, type, flags, guid, timeoutMillis, body, null);
	}

	/**
	 * Encodes a frame with a JSON body; a request is signed for {@code audience} when this writer has a signer.
	 * @param audience the group the request is sent to, or the provider's {@code host:port} for a call to a fixed
	 * address; ignored when nothing is signed
	 * @throws DoraProtocolException with {@link DoraCodes#FRAME_TOO_LARGE} if the body exceeds the limit
	 */
	public ByteBuf write(ByteBufAllocator alloc, MessageType type, int flags, Guid guid, int timeoutMillis,
			Object body, String audience) {
		return write(alloc, this.codec.json(), type, flags, guid, timeoutMillis, body, audience);
	}

	/**
	 * Encodes a frame with a body in the given codec; a request is signed for {@code audience} when this writer has
	 * a signer.
	 * @param bodyCodec the body's codec, whose id the header carries
	 * @param audience the group the request is sent to, or the provider's {@code host:port} for a call to a fixed
	 * address; ignored when nothing is signed
	 * @throws DoraProtocolException with {@link DoraCodes#FRAME_TOO_LARGE} if the body exceeds the limit
	 */
	public ByteBuf write(ByteBufAllocator alloc, DoraBodyCodec bodyCodec, MessageType type, int flags, Guid guid,
			int timeoutMillis, Object body, String audience) {
		Signer frameSigner = (type.isRequest() && audience != null) ? this.signer : null;
		if (type.isRequest() && this.signer != null && audience == null) {
			throw new IllegalArgumentException("A signed request needs an audience");
		}
		int extension = (frameSigner != null) ? frameSigner.extensionLength(audience) : 0;
		int bodyStart = DoraProtocol.HEADER_LENGTH + extension;
		int frameFlags = (frameSigner != null) ? flags | DoraProtocol.FLAG_SIGNED : flags;
		ByteBuf frame = alloc.ioBuffer(512);
		try {
			frame.writerIndex(bodyStart);
			bodyCodec.write(frame, body);
			if (this.compressionThreshold >= 0 && frame.writerIndex() - bodyStart >= this.compressionThreshold) {
				ByteBuf compressed = alloc.ioBuffer(frame.writerIndex() / 2 + bodyStart);
				try {
					compressed.writerIndex(bodyStart);
					BodyCompression.compress(frame.slice(bodyStart, frame.writerIndex() - bodyStart), compressed);
				}
				catch (RuntimeException ex) {
					compressed.release();
					throw ex;
				}
				frame.release();
				frame = compressed;
				frameFlags |= DoraProtocol.FLAG_COMPRESSED;
			}
			int bodyLength = frame.writerIndex() - bodyStart;
			if (bodyLength > this.maxFrameLength) {
				throw new DoraProtocolException(DoraCodes.FRAME_TOO_LARGE,
						"body of " + bodyLength + " bytes exceeds the frame limit of " + this.maxFrameLength);
			}
			int end = frame.writerIndex();
			frame.writerIndex(0);
			DoraFrame.writeHeader(frame, type, frameFlags, bodyCodec.id(), guid, timeoutMillis, extension,
					bodyLength);
			frame.writerIndex(end);
			if (frameSigner != null) {
				frameSigner.sign(frame, audience);
			}
			return frame;
		}
		catch (RuntimeException ex) {
			frame.release();
			throw ex;
		}
	}

	/**
	 * Encodes the acknowledgement (100001) of a request, as {@link #write} would encode
	 * {@link ResponseEnvelope#accepted(String)} with the guid's text, but from the codec's pre-encoded body: an
	 * acknowledgement is written for every mode 1 and 2 call, so this is on the provider's I/O thread for each of them.
	 */
	public ByteBuf writeAcknowledgement(ByteBufAllocator alloc, DoraBodyCodec bodyCodec, Guid guid) {
		AcknowledgementBody body = bodyCodec.acknowledgement();
		if (!body.isUsable() || body.length() > this.maxFrameLength
				|| (this.compressionThreshold >= 0 && body.length() >= this.compressionThreshold)) {
			return write(alloc, bodyCodec, MessageType.RESPONSE, 0, guid, 0, ResponseEnvelope.accepted(guid.toString()),
					null);
		}
		ByteBuf frame = alloc.ioBuffer(DoraProtocol.HEADER_LENGTH + body.length());
		DoraFrame.writeHeader(frame, MessageType.RESPONSE, 0, bodyCodec.id(), guid, 0, 0, body.length());
		body.write(frame, guid);
		return frame;
	}

	/** Encodes a frame without a body, such as a heartbeat. */
	public static ByteBuf writeEmpty(ByteBufAllocator alloc, MessageType type, Guid guid) {
		ByteBuf frame = alloc.ioBuffer(DoraProtocol.HEADER_LENGTH);
		DoraFrame.writeHeader(frame, type, 0, DoraProtocol.CODEC_NONE, guid, 0, 0, 0);
		return frame;
	}

	/**
	 * The bytes of a received body, in its frame's codec, inflated when the frame's flags say it is compressed.
	 * @param body the body bytes as received
	 * @param flags the frame's flags
	 * @param maxLength the largest inflated size accepted
	 */
	public static byte[] json(byte[] body, int flags, int maxLength) {
		return ((flags & DoraProtocol.FLAG_COMPRESSED) != 0) ? BodyCompression.inflate(body, maxLength) : body;
	}

	/**
	 * Signs request frames as they are written: the writer reserves the extension the signature needs between
	 * header and body, and hands over the finished frame. Implemented by {@code io.dora.security.FrameSigner}.
	 */
	public interface Signer {

		/** The bytes of extension the signature for {@code audience} takes. */
		int extensionLength(String audience);

		/** Writes the signature for {@code audience} into the reserved extension of a finished frame. */
		void sign(ByteBuf frame, String audience);

	}

}
