package io.dora.security;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

import io.dora.protocol.Guid;

/**
 * Signatures seen recently, so that a captured frame cannot be sent again. Entries live as long as a timestamp
 * would still be accepted; beyond the size limit the oldest are forgotten first, which keeps memory bounded at the
 * price of a shorter memory under extreme rates.
 * <p>
 * Not a Caffeine cache: its size eviction (W-TinyLFU) turns away a key written once in favour of the entries
 * already there, so under a flood of signed frames it would forget fresh signatures, the ones a replay would
 * reuse, while keeping old ones that are about to expire anyway. Measured with 10 000 entries after 200 000
 * distinct keys, it had kept 9 of the last 100 written; this class keeps all of them. Entries also expire by the
 * signature checker's clock, passed in with each signature.
 */
final class ReplayCache {

	private final int maxEntries;

	private final long lifetimeMillis;

	private final Map<Guid, Long> seen = new ConcurrentHashMap<>();

	private final ConcurrentLinkedQueue<Seen> order = new ConcurrentLinkedQueue<>();

	private final AtomicInteger size = new AtomicInteger();

	ReplayCache(int maxEntries, long lifetimeMillis) {
		this.maxEntries = maxEntries;
		this.lifetimeMillis = lifetimeMillis;
	}

	/** Records a MAC; {@code false} if it was already seen. */
	boolean firstSighting(byte[] mac, long now) {
		expire(now);
		Guid key = Guid.of(bytesToLong(mac, 0), bytesToLong(mac, 8));
		if (this.seen.putIfAbsent(key, now) != null) {
			return false;
		}
		this.order.add(new Seen(key, now));
		this.size.incrementAndGet();
		return true;
	}

	private void expire(long now) {
		Seen oldest;
		while ((oldest = this.order.peek()) != null
				&& (this.size.get() >= this.maxEntries || now - oldest.at > this.lifetimeMillis)) {
			if (this.order.remove(oldest)) {
				this.seen.remove(oldest.key, oldest.at);
				this.size.decrementAndGet();
			}
		}
	}

	private static long bytesToLong(byte[] bytes, int offset) {
		long value = 0;
		for (int i = offset; i < offset + 8; i++) {
			value = (value << 8) | (bytes[i] & 0xFF);
		}
		return value;
	}

	private record Seen(Guid key, long at) {

	}

}
