package io.dora.protocol;

import java.util.Arrays;

import io.netty.buffer.ByteBuf;

/**
 * The body of an acknowledgement (100001) in one body codec, encoded once: every acknowledgement is the same bytes
 * but for the 32 hex characters of its guid. A provider writes acknowledgements from it without going through the
 * codec, and a client recognises them by it without parsing them. A body that differs from it in any byte (another
 * version, another mapper's settings) is simply read the ordinary way.
 */
final class AcknowledgementBody {

	/** Stands in for the guid while the body is encoded once: any guid whose text occurs nowhere else would do. */
	private static final Guid PLACEHOLDER = Guid.of(0x0123456789abcdefL, 0xfedcba9876543210L);

	private static final int GUID_LENGTH = 32;

	private final byte[] bytes;

	/** Where the guid's text starts in {@link #bytes}; -1 when the codec's encoding could not be used. */
	private final int guidStart;

	private AcknowledgementBody(byte[] bytes, int guidStart) {
		this.bytes = bytes;
		this.guidStart = guidStart;
	}

	/**
	 * The acknowledgement body of {@code codec}; an unusable one (see {@link #isUsable()}) when the guid's text
	 * does not occur exactly once in it, as the codec would then not be writing it as plain text.
	 */
	static AcknowledgementBody of(DoraBodyCodec codec) {
		byte[] bytes = codec.writeBytes(ResponseEnvelope.accepted(PLACEHOLDER.toString()));
		int guidStart = indexOfGuid(bytes, 0);
		if (guidStart < 0 || indexOfGuid(bytes, guidStart + 1) >= 0) {
			return new AcknowledgementBody(bytes, -1);
		}
		return new AcknowledgementBody(bytes, guidStart);
	}

	private static int indexOfGuid(byte[] bytes, int from) {
		for (int i = from; i <= bytes.length - GUID_LENGTH; i++) {
			if (PLACEHOLDER.isHexAt(bytes, i)) {
				return i;
			}
		}
		return -1;
	}

	boolean isUsable() {
		return this.guidStart >= 0;
	}

	int length() {
		return this.bytes.length;
	}

	/** Appends the acknowledgement of {@code guid}; only for a usable body. */
	void write(ByteBuf out, Guid guid) {
		out.writeBytes(this.bytes, 0, this.guidStart);
		guid.writeHex(out);
		int guidEnd = this.guidStart + GUID_LENGTH;
		out.writeBytes(this.bytes, guidEnd, this.bytes.length - guidEnd);
	}

	/** Whether {@code body} is exactly the acknowledgement of {@code guid} in this codec. */
	boolean matches(byte[] body, Guid guid) {
		if (!isUsable() || body.length != this.bytes.length) {
			return false;
		}
		int guidEnd = this.guidStart + GUID_LENGTH;
		return Arrays.equals(body, 0, this.guidStart, this.bytes, 0, this.guidStart)
				&& Arrays.equals(body, guidEnd, body.length, this.bytes, guidEnd, this.bytes.length)
				&& guid.isHexAt(body, this.guidStart);
	}

}
