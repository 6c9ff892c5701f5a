package io.dora.security;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

import javax.crypto.Mac;

import io.dora.protocol.DoraCodes;
import io.dora.protocol.DoraProtocolException;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Accepts a signed request when its key id is known, its HMAC-SHA256 matches, its timestamp is within the allowed
 * clock skew, it is bound to an audience this provider answers to, and its signature was not used before. Shared
 * by the TCP frames ({@link FrameVerifier}) and the HTTP endpoint, which differ only in which bytes the MAC
 * covers. Several keys may be accepted at once, so a secret can be rotated without downtime: accept old and new,
 * move the callers to the new one, then drop the old.
 * <p>
 * Used signatures are remembered in this process ({@link #check}) and, when a {@link SharedReplayMemory} is given,
 * also there ({@link #checkShared}), for as long as their timestamp could still be accepted: twice the clock skew.
 */
public final class SignatureChecker {

	/** The peak rate of signed requests per second that the default replay cache size is made for. */
	public static final int DEFAULT_PEAK_RATE = 1_000;

	private static final Log logger = LogFactory.getLog(SignatureChecker.class);

	private static final String REPLAY = "signature was already used (replay)";

	/** Longest wait for the shared replay memory; a slower answer counts as unreachable. */
	static final Duration SHARED_MEMORY_TIMEOUT = Duration.ofSeconds(1);

	private static final CompletableFuture<Void> PASSED = CompletableFuture.completedFuture(null);

	private final Map<String, HmacKey> keys = new LinkedHashMap<>();

	private final long maxSkewMillis;

	private final LongSupplier clock;

	private final ReplayCache replays;

	private final SignatureAudiences audiences;

	private final SharedReplayMemory sharedReplays;

	/** Whether the shared memory is failing, so that an outage is logged once and not per request. */
	private final AtomicBoolean sharedMemoryFailing = new AtomicBoolean();

	/**
	 * @param secrets accepted secrets by key id, at least 16 bytes each
	 * @param maxClockSkew largest distance between a request's timestamp and this clock
	 * @param replayCacheSize largest number of recent signatures remembered in this process
	 * @param audiences the audiences this provider answers to
	 * @param sharedReplays a memory of used signatures shared with other providers, or {@code null}
	 * @param clock milliseconds since the epoch
	 */
	public SignatureChecker(Map<String, byte[]> secrets, Duration maxClockSkew, int replayCacheSize,
			SignatureAudiences audiences, SharedReplayMemory sharedReplays, LongSupplier clock) {
		secrets.forEach((id, secret) -> this.keys.put(id, new HmacKey(secret)));
		this.maxSkewMillis = maxClockSkew.toMillis();
		this.clock = clock;
		this.replays = new ReplayCache(replayCacheSize, replayLifetime(maxClockSkew).toMillis());
		this.audiences = audiences;
		this.sharedReplays = sharedReplays;
	}

	/**
	 * The replay cache size for {@link #DEFAULT_PEAK_RATE} signed requests per second: a signature must be
	 * remembered for twice the clock skew, so the cache holds the rate times that.
	 */
	public static int defaultReplayCacheSize(Duration maxClockSkew) {
		long size = DEFAULT_PEAK_RATE * Math.max(1, replayLifetime(maxClockSkew).toSeconds());
		return (int) Math.min(Integer.MAX_VALUE, size);
	}

	/** How long a signature is remembered: any timestamp within the skew on either side of now is accepted. */
	static Duration replayLifetime(Duration maxClockSkew) {
		return maxClockSkew.multipliedBy(2);
	}

	public Set<String> keyIds() {
		return this.keys.keySet();
	}

	public SignatureAudiences audiences() {
		return this.audiences;
	}

	/**
	 * Checks one signature against this process's memory of used signatures.
	 * @param keyId the key the caller says it used
	 * @param audience the audience the caller signed for
	 * @param timestamp the caller's timestamp, milliseconds since the epoch
	 * @param mac the MAC the caller sent
	 * @param localAddress the address the request arrived on, or {@code null}
	 * @param content feeds the signed bytes to the MAC
	 * @throws DoraProtocolException with {@link DoraCodes#SIGNATURE_INVALID} and the reason when it does not pass
	 */
	public void check(String keyId, String audience, long timestamp, byte[] mac, InetSocketAddress localAddress,
			Consumer<Mac> content) {
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
		// Told only to a caller that holds a key: the MAC matched.
		if (!this.audiences.accepts(audience, localAddress)) {
			throw invalid("signature is for audience '" + audience + "', which this provider does not answer to ("
					+ this.audiences.describe(localAddress) + ")");
		}
		if (!this.replays.firstSighting(mac, now)) {
			throw invalid(REPLAY);
		}
	}

	/**
	 * Records a signature that passed {@link #check} in the shared memory, when there is one.
	 * @return a stage that fails with {@link DoraCodes#SIGNATURE_INVALID} when another provider, or this one before
	 * a restart, has seen it; it completes normally when the shared memory cannot be asked or does not answer within
	 * a second (the local memory still protected the call), which is logged once per outage
	 */
	public CompletableFuture<Void> checkShared(byte[] mac) {
		if (this.sharedReplays == null) {
			return PASSED;
		}
		CompletableFuture<Void> result = new CompletableFuture<>();
		try {
			this.sharedReplays.firstSighting(mac, replayLifetime(Duration.ofMillis(this.maxSkewMillis)))
				.toCompletableFuture()
				.orTimeout(SHARED_MEMORY_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
				.whenComplete((first, failure) -> {
					if (failure != null) {
						sharedMemoryFailed(failure);
						result.complete(null);
						return;
					}
					if (this.sharedMemoryFailing.compareAndSet(true, false)) {
						logger.info("Dora's shared replay memory is reachable again");
					}
					if (Boolean.TRUE.equals(first)) {
						result.complete(null);
					}
					else {
						result.completeExceptionally(invalid(REPLAY));
					}
				});
		}
		catch (RuntimeException ex) {
			sharedMemoryFailed(ex);
			result.complete(null);
		}
		return result;
	}

	private void sharedMemoryFailed(Throwable failure) {
		if (this.sharedMemoryFailing.compareAndSet(false, true)) {
			logger.warn("Dora's shared replay memory cannot be reached; signed requests are checked against this "
					+ "process's memory only until it is back: " + failure);
		}
	}

	/** Computes a MAC the way {@link #check} expects it, for callers and tests. */
	public static byte[] sign(byte[] secret, Consumer<Mac> content) {
		return new HmacKey(secret).mac(content);
	}

	/** Feeds text to a MAC as UTF-8. */
	public static void update(Mac mac, String text) {
		mac.update(text.getBytes(StandardCharsets.UTF_8));
	}

	static DoraProtocolException invalid(String reason) {
		return new DoraProtocolException(DoraCodes.SIGNATURE_INVALID, "signed check error: " + reason);
	}

}
