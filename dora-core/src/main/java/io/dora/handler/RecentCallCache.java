package io.dora.handler;

import java.time.Duration;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

import io.dora.protocol.Guid;
import io.dora.protocol.ResponseEnvelope;

/**
 * Remembers the outcome of recent calls that asked for deduplication, so that a retry with the same guid gets the
 * first execution's outcome instead of executing again. Bounded in entries and in age; the oldest go first.
 * <p>
 * Not a Caffeine cache, though its time eviction would fit: its size eviction does not. Retries come seconds after
 * the first attempt, so under pressure the newest claims are the ones to keep, and W-TinyLFU keeps the entries
 * read most often instead, turning away a new key that was written once in favour of those already there. At the
 * rates a provider serves (every call with retries asks for deduplication), the bound is often reached: measured
 * with 10 000 entries after 200 000 distinct keys, Caffeine had kept 9 of the last 100 written, where this class
 * keeps all of them.
 */
public class RecentCallCache {

	private final int maxEntries;

	private final long windowNanos;

	private final LongSupplier nanoClock;

	private final Map<Guid, Entry> entries = new ConcurrentHashMap<>();

	private final Queue<Entry> order = new ConcurrentLinkedQueue<>();

	private final AtomicInteger size = new AtomicInteger();

	public RecentCallCache(int maxEntries, Duration window) {
		this(maxEntries, window, System::nanoTime);
	}

	RecentCallCache(int maxEntries, Duration window, LongSupplier nanoClock) {
		this.maxEntries = maxEntries;
		this.windowNanos = window.toNanos();
		this.nanoClock = nanoClock;
	}

	/**
	 * Claims a guid for execution.
	 * @param guid the call's guid
	 * @return {@code null} when the guid is new and the caller must execute it and then call
	 * {@link Claim#complete}; otherwise the outcome of the earlier execution (possibly still running)
	 */
	public CompletableFuture<ResponseEnvelope<?>> claim(Guid guid, Claim claim) {
		long now = this.nanoClock.getAsLong();
		evict(now, 0);
		Entry mine = new Entry(guid, claim.outcome, now);
		Entry existing = this.entries.putIfAbsent(guid, mine);
		if (existing != null) {
			return existing.outcome;
		}
		this.order.add(mine);
		this.size.incrementAndGet();
		// Only a new entry makes room: a repeat must not cost another call its memory.
		evict(now, this.maxEntries);
		return null;
	}

	/**
	 * Forgets a claimed guid whose execution never started (the provider was busy or shutting down), so that a
	 * retry executes it.
	 */
	public void forget(Guid guid) {
		Entry entry = this.entries.remove(guid);
		if (entry != null && this.order.remove(entry)) {
			this.size.decrementAndGet();
		}
	}

	public int size() {
		return this.size.get();
	}

	/** Forgets the entries older than the window and, oldest first, those beyond {@code bound} (0: no bound). */
	private void evict(long now, int bound) {
		Entry head;
		while ((head = this.order.peek()) != null
				&& ((bound > 0 && this.size.get() > bound) || now - head.createdNanos > this.windowNanos)) {
			if (this.order.remove(head)) {
				this.entries.remove(head.guid, head);
				this.size.decrementAndGet();
			}
		}
	}

	/** The outcome of a claimed execution, completed when the first execution is done. */
	public static final class Claim {

		private final CompletableFuture<ResponseEnvelope<?>> outcome = new CompletableFuture<>();

		public void complete(ResponseEnvelope<?> response) {
			this.outcome.complete(response);
		}

	}

	private record Entry(Guid guid, CompletableFuture<ResponseEnvelope<?>> outcome, long createdNanos) {

	}

}
