package io.dora.protocol;

import java.security.GeneralSecurityException;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import io.netty.buffer.ByteBuf;

/**
 * One HMAC-SHA256 key and the MAC computation shared by signing and verifying. {@link Mac} instances are not
 * thread-safe, so each thread keeps its own.
 */
final class HmacKey {

	private static final String ALGORITHM = "HmacSHA256";

	private final ThreadLocal<Mac> macs;

	HmacKey(byte[] secret) {
		if (secret == null || secret.length < 16) {
			throw new IllegalArgumentException("A signing secret must have at least 16 bytes");
		}
		SecretKeySpec spec = new SecretKeySpec(secret.clone(), ALGORITHM);
		newMac(spec);
		this.macs = ThreadLocal.withInitial(() -> newMac(spec));
	}

	private static Mac newMac(SecretKeySpec spec) {
		try {
			Mac mac = Mac.getInstance(ALGORITHM);
			mac.init(spec);
			return mac;
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("HMAC-SHA256 is not available", ex);
		}
	}

	/** MAC over the header at {@code headerStart}, the key id, the timestamp and the body. */
	byte[] mac(ByteBuf header, int headerStart, byte[] keyId, long timestamp, int bodyStart, int bodyLength) {
		Mac mac = this.macs.get();
		mac.update(header.nioBuffer(headerStart, DoraProtocol.HEADER_LENGTH));
		mac.update(keyId);
		for (int shift = 56; shift >= 0; shift -= 8) {
			mac.update((byte) (timestamp >>> shift));
		}
		if (bodyLength > 0) {
			mac.update(header.nioBuffer(bodyStart, bodyLength));
		}
		return mac.doFinal();
	}

	/** MAC over a header held in its own buffer and a body held as bytes. */
	byte[] mac(ByteBuf header, byte[] keyId, long timestamp, byte[] body) {
		Mac mac = this.macs.get();
		mac.update(header.nioBuffer(header.readerIndex(), DoraProtocol.HEADER_LENGTH));
		mac.update(keyId);
		for (int shift = 56; shift >= 0; shift -= 8) {
			mac.update((byte) (timestamp >>> shift));
		}
		mac.update(body);
		return mac.doFinal();
	}

}
