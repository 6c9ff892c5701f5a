package io.dora.security;

import java.nio.charset.StandardCharsets;
import java.util.function.LongSupplier;

import javax.crypto.Mac;

import io.dora.protocol.DoraFrameWriter;
import io.dora.protocol.DoraProtocol;
import io.netty.buffer.ByteBuf;

/**
 * Signs request frames with HMAC-SHA256 under a named key, for one audience. The signature is the extension entry
 * {@value #ENTRY_ID}, whose value is:
 *
 * <pre>
 * size  field
 *    1  key id length k, 1..255
 *    k  key id, UTF-8
 *    1  audience length a, 1..255
 *    a  audience, UTF-8: the group the request is sent to, or the provider's host:port for a call to a fixed address
 *    8  timestamp, milliseconds since the epoch, unsigned big-endian
 *   32  MAC
 * </pre>
 *
 * The MAC is HMAC-SHA256 over the 32 header bytes as sent (the SIGNED flag and the extension length included),
 * then the entry's value up to and including the timestamp, then the body as sent (compressed when compressed).
 * So it covers every header field, the key id, the audience, the timestamp and the body. The timestamp lets the
 * provider refuse stale frames; the audience, frames meant for another provider; the MAC itself is remembered to
 * refuse exact replays.
 */
public final class FrameSigner implements DoraFrameWriter.Signer {

	/** Extension entry id of a signature. */
	public static final int ENTRY_ID = 1;

	/** Bytes of the MAC. */
	public static final int MAC_LENGTH = 32;

	/** Bytes of the timestamp. */
	static final int TIMESTAMP_LENGTH = 8;

	/** The entry's id and length in front of its value. */
	static final int ENTRY_HEADER_LENGTH = 3;

	private final byte[] keyId;

	private final HmacKey key;

	private final LongSupplier clock;

	/**
	 * @param keyId the name of the key, told to the provider so it can rotate keys (1 to 255 bytes)
	 * @param secret the shared secret
	 * @param clock milliseconds since the epoch
	 */
	public FrameSigner(String keyId, byte[] secret, LongSupplier clock) {
		this.keyId = shortText(keyId, "key id");
		this.key = new HmacKey(secret);
		this.clock = clock;
	}

	/** Bytes the signature for {@code audience} takes in the extension block, entry id and length included. */
	@Override
	public int extensionLength(String audience) {
		return ENTRY_HEADER_LENGTH + valueLength(this.keyId.length, shortText(audience, "audience").length);
	}

	static int valueLength(int keyIdLength, int audienceLength) {
		return 1 + keyIdLength + 1 + audienceLength + TIMESTAMP_LENGTH + MAC_LENGTH;
	}

	/**
	 * Fills in the signature of a complete frame whose extension block was reserved with
	 * {@link #extensionLength(String)} bytes right behind the header.
	 */
	@Override
	public void sign(ByteBuf frame, String audience) {
		byte[] audienceBytes = shortText(audience, "audience");
		int start = frame.readerIndex();
		int entry = start + DoraProtocol.HEADER_LENGTH;
		int valueLength = valueLength(this.keyId.length, audienceBytes.length);
		frame.setByte(entry, ENTRY_ID);
		frame.setShort(entry + 1, valueLength);
		int at = entry + ENTRY_HEADER_LENGTH;
		frame.setByte(at++, this.keyId.length);
		frame.setBytes(at, this.keyId);
		at += this.keyId.length;
		frame.setByte(at++, audienceBytes.length);
		frame.setBytes(at, audienceBytes);
		at += audienceBytes.length;
		frame.setLong(at, this.clock.getAsLong());
		int signedValueLength = valueLength - MAC_LENGTH;
		int valueStart = entry + ENTRY_HEADER_LENGTH;
		int bodyStart = valueStart + valueLength;
		int bodyLength = frame.writerIndex() - bodyStart;
		byte[] mac = this.key.mac((hmac) -> {
			hmac.update(frame.nioBuffer(start, DoraProtocol.HEADER_LENGTH));
			hmac.update(frame.nioBuffer(valueStart, signedValueLength));
			hmac.update(frame.nioBuffer(bodyStart, bodyLength));
		});
		frame.setBytes(bodyStart - MAC_LENGTH, mac);
	}

	private static byte[] shortText(String text, String what) {
		byte[] bytes = (text != null) ? text.getBytes(StandardCharsets.UTF_8) : new byte[0];
		if (bytes.length == 0 || bytes.length > 255) {
			throw new IllegalArgumentException("A signature's " + what + " is 1 to 255 bytes, got '" + text + "'");
		}
		return bytes;
	}

	/** Feeds the signed bytes of a received frame to a MAC: header, entry value without the MAC, body. */
	static void content(Mac mac, byte[] header, byte[] extension, int valueStart, int signedValueLength, byte[] body) {
		mac.update(header);
		mac.update(extension, valueStart, signedValueLength);
		mac.update(body);
	}

}
