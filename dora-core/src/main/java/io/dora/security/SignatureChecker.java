package io.dora.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import javax.crypto.Mac;

import io.dora.protocol.DoraCodes;
import io.dora.protocol.DoraProtocolException;

/**
 * Accepts a signed request when its key id is known, its HMAC-SHA256 matches, its timestamp is within the allowed
 * clock skew and its signature was not used before. Shared by the TCP frames ({@link FrameVerifier}) and the HTTP
 * endpoint, which differ only in which bytes the MAC covers. Several keys may be accepted at once, so a secret can
 * be rotated without downtime: accept old and new, move the callers to the new one, then drop the old.
 */
public final class SignatureChecker {

	private final Map<String, HmacKey> keys = new LinkedHashMap<>();

	private final long maxSkewMillis;

	private final LongSupplier clock;

	private final ReplayCache replays;

	/**
	 * @param secrets accepted secrets by key id, at least 16 bytes each
	 * @param maxClockSkew largest distance between a request's timestamp and this clock
	 * @param replayCacheSize largest number of recent signatures remembered
	 * @param clock milliseconds since the epoch
	 */
	public SignatureChecker(Map<String, byte[]> secrets, Duration maxClockSkew, int replayCacheSize,
			LongSupplier clock) {
		secrets.forEach((id, secret) -> this.keys.put(id, new HmacKey(secret)));
		this.maxSkewMillis = maxClockSkew.toMillis();
		this.clock = clock;
		this.replays = new ReplayCache(replayCacheSize, 2 * this.maxSkewMillis);
	}

	public Set<String> keyIds() {
		return this.keys.keySet();
	}

	/**
	 * Checks one signature.
	 * @param keyId the key the caller says it used
	 * @param timestamp the caller's timestamp, milliseconds since the epoch
	 * @param mac the MAC the caller sent
	 * @param content feeds the signed bytes to the MAC
	 * @throws DoraProtocolException with {@link DoraCodes#SIGNATURE_INVALID} and the reason when it does not pass
	 */
	public void check(String keyId, long timestamp, byte[] mac, Consumer<Mac> content) {
		HmacKey key = (keyId != null) ? this.keys.get(keyId) : null;
		if (key == null) {
			throw invalid("unknown signing key");
		}
		if (mac == null || !MessageDigest.isEqual(mac, key.mac(content))) {
			throw invalid("signature does not match");
		}
		long now = this.clock.getAsLong();
		if (Math.abs(now - timestamp) > this.maxSkewMillis) {
			throw invalid("signature timestamp is outside the allowed clock skew of " + this.maxSkewMillis + " ms");
		}
		if (!this.replays.firstSighting(mac, now)) {
			throw invalid("signature was already used (replay)");
		}
	}

	/** Computes a MAC the way {@link #check} expects it, for callers and tests. */
	public static byte[] sign(byte[] secret, Consumer<Mac> content) {
		return new HmacKey(secret).mac(content);
	}

	/** Feeds a timestamp to a MAC as 8 big-endian bytes. */
	static void update(Mac mac, long timestamp) {
		for (int shift = 56; shift >= 0; shift -= 8) {
			mac.update((byte) (timestamp >>> shift));
		}
	}

	/** Feeds text to a MAC as UTF-8. */
	public static void update(Mac mac, String text) {
		mac.update(text.getBytes(StandardCharsets.UTF_8));
	}

	static DoraProtocolException invalid(String reason) {
		return new DoraProtocolException(DoraCodes.SIGNATURE_INVALID, "signed check error: " + reason);
	}

}
