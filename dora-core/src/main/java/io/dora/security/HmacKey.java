package io.dora.security;

import java.security.GeneralSecurityException;
import java.util.function.Consumer;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * One HMAC-SHA256 key. {@link Mac} instances are not thread-safe, so each thread keeps its own.
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

	/** The MAC of whatever {@code content} feeds in. */
	byte[] mac(Consumer<Mac> content) {
		Mac mac = this.macs.get();
		mac.reset();
		content.accept(mac);
		return mac.doFinal();
	}

}
