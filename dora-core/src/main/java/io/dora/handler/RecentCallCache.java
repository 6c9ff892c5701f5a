package io.dora.handler;

import java.time.Duration;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

import io.dora.protocol.Guid;
import io.dora.protocol.ResponseEnvelope;

/**
 * Remembers the outcome of recent calls that asked for deduplication, so that a retry with the same guid gets the
 * first execution's outcome instead of executing again. Bounded in entries and in age; the oldest go first.
 */
public class RecentCallCache {

	private final int maxEntries;

	private final long windowNanos;

	private final Map<Guid, Entry> entries = new ConcurrentHashMap<>();

	private final Queue<Entry> order = new ConcurrentLinkedQueue<>();

	private final AtomicInteger size = new AtomicInteger();

	public RecentCallCache(int maxEntries, Duration window) {
		this.maxEntries = maxEntries;
		this.windowNanos = window.toNanos();
	}

	/**
	 * Claims a guid for execution.
	 * @param guid the call's guid
	 * @return {@code null} when the guid is new and the caller must execute it and then call
	 * {@link Claim#complete}; otherwise the outcome of the earlier execution (possibly still running)
	 */
	public CompletableFuture<ResponseEnvelope<?>> claim(Guid guid, Claim claim) {
		evictStale();
		Entry mine = new Entry(guid, claim.outcome, System.nanoTime());
		Entry existing = this.entries.putIfAbsent(guid, mine);
		if (existing != null) {
			return existing.outcome;
		}
		this.order.add(mine);
		this.size.incrementAndGet();
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

	private void evictStale() {
		long now = System.nanoTime();
		Entry head;
		while ((head = this.order.peek()) != null
				&& (this.size.get() >= this.maxEntries || now - head.createdNanos > this.windowNanos)) {
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
