package io.dora.security;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.function.LongSupplier;
import javax.crypto.Mac;

import io.dora.protocol.DoraFrameWriter;
import io.dora.protocol.DoraProtocol;
import io.netty.buffer.ByteBuf;

/**
 * Signs request frames with HMAC-SHA256 under a named key. The signature is the extension entry
 * {@value #ENTRY_ID}:
 *
 * <pre>
 * [entry id u8 = 1][entry length u16][key id length u8][key id][timestamp u64, ms since epoch][mac 32 bytes]
 * </pre>
 *
 * The MAC covers the 32 header bytes as sent, the key id, the timestamp and the body as sent (compressed when
 * compressed). The timestamp lets the provider refuse stale frames; the MAC itself is remembered to refuse exact
 * replays.
 */
public final class FrameSigner implements DoraFrameWriter.Signer {

	/** Extension entry id of a signature. */
	public static final int ENTRY_ID = 1;

	static final int MAC_LENGTH = 32;

	private final byte[] keyId;

	private final HmacKey key;

	private final LongSupplier clock;

	/**
	 * @param keyId the name of the key, told to the provider so it can rotate keys (at most 255 bytes)
	 * @param secret the shared secret
	 * @param clock milliseconds since the epoch
	 */
	public FrameSigner(String keyId, byte[] secret, LongSupplier clock) {
		this.keyId = keyId.getBytes(StandardCharsets.UTF_8);
		if (this.keyId.length == 0 || this.keyId.length > 255) {
			throw new IllegalArgumentException("A key id is 1 to 255 bytes");
		}
		this.key = new HmacKey(secret);
		this.clock = clock;
	}

	/** Bytes the signature takes in the extension block. */
	@Override
	public int extensionLength() {
		return 3 + 1 + this.keyId.length + 8 + MAC_LENGTH;
	}

	/** Feeds the signed bytes of a frame to a MAC: header, key id, timestamp, body. */
	static void content(Mac mac, ByteBuffer header, byte[] keyId, long timestamp, ByteBuffer body) {
		mac.update(header);
		mac.update(keyId);
		SignatureChecker.update(mac, timestamp);
		mac.update(body);
	}

	/**
	 * Fills in the signature of a complete frame whose extension block was reserved with
	 * {@link #extensionLength()} bytes right behind the header.
	 */
	@Override
	public void sign(ByteBuf frame) {
		int start = frame.readerIndex();
		int entry = start + DoraProtocol.HEADER_LENGTH;
		long timestamp = this.clock.getAsLong();
		frame.setByte(entry, ENTRY_ID);
		frame.setShort(entry + 1, extensionLength() - 3);
		frame.setByte(entry + 3, this.keyId.length);
		frame.setBytes(entry + 4, this.keyId);
		frame.setLong(entry + 4 + this.keyId.length, timestamp);
		int bodyStart = entry + extensionLength();
		int bodyLength = frame.writerIndex() - bodyStart;
		byte[] mac = this.key.mac((hmac) -> content(hmac, frame.nioBuffer(start, DoraProtocol.HEADER_LENGTH),
				this.keyId, timestamp, frame.nioBuffer(bodyStart, bodyLength)));
		frame.setBytes(bodyStart - MAC_LENGTH, mac);
	}

}
