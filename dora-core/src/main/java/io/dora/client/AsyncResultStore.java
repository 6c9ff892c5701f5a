package io.dora.client;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

import io.dora.client.connection.DoraClientStats;
import io.dora.protocol.DoraCodes;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Keeps mode-2 results for the original Dora's collect-everything style: every submitted call has an entry until
 * its result is collected. Results that arrive while the caller is busy elsewhere wait here. Arrived results are
 * bounded in number and age; an evicted result is counted and logged, never silently replaced.
 * <p>
 * Not a Caffeine cache, although a weigher (0 until the result arrives) and a per-entry expiry could express the
 * bounds: {@code dora.client.async.max-results} promises that the oldest results go first, and Caffeine's size
 * eviction (W-TinyLFU) turns away a new entry in favour of those already there instead. Measured with 10 000
 * entries after 200 000 distinct keys, it had kept 9 of the last 100 written. Collecting also returns the calls
 * in the order they were submitted, which a Caffeine map does not keep.
 */
public class AsyncResultStore {

	private static final Log logger = LogFactory.getLog(AsyncResultStore.class);

	private final int maxResults;

	private final long maxAgeNanos;

	private final DoraClientStats stats;

	/** Outstanding calls in submission order; guarded by {@code this}. */
	private final Map<String, Entry> entries = new LinkedHashMap<>();

	/** Arrived results in arrival order, oldest first; entries already collected are skipped lazily. */
	private final ArrayDeque<Entry> arrivedOrder = new ArrayDeque<>();

	private final LongSupplier nanoClock;

	private int arrived;

	/**
	 * @param maxResults largest number of arrived, uncollected results kept; the oldest beyond it are evicted
	 * @param maxAge arrived results not collected within this time are evicted
	 * @param stats counts evicted results
	 */
	public AsyncResultStore(int maxResults, Duration maxAge, DoraClientStats stats) {
		this(maxResults, maxAge, stats, System::nanoTime);
	}

	AsyncResultStore(int maxResults, Duration maxAge, DoraClientStats stats, LongSupplier nanoClock) {
		this.maxResults = maxResults;
		this.maxAgeNanos = maxAge.toNanos();
		this.stats = stats;
		this.nanoClock = nanoClock;
	}

	/** Tracks a submitted call until its result is collected. */
	void track(String guid, CompletableFuture<DoraResponse> response) {
		Entry entry = new Entry(guid, response);
		synchronized (this) {
			this.entries.put(guid, entry);
		}
		response.whenComplete((value, failure) -> arrived(entry));
	}

	private void arrived(Entry entry) {
		synchronized (this) {
			if (this.entries.get(entry.guid) != entry) {
				return;
			}
			entry.arrivedNanos = this.nanoClock.getAsLong();
			entry.hasArrived = true;
			this.arrived++;
			this.arrivedOrder.add(entry);
			evictBeyondBounds();
		}
	}

	/** Stops tracking a call whose result was taken through its handle. */
	synchronized void remove(String guid) {
		Entry entry = this.entries.remove(guid);
		if (entry != null && entry.hasArrived) {
			this.arrived--;
		}
	}

	/**
	 * Returns every outstanding call's result, waiting up to {@code wait} for those not yet arrived. Collected
	 * results leave the store; a call whose result has not arrived by then is reported with 100009 and stays
	 * outstanding, so a later collect can still return it.
	 */
	public Map<String, DoraResponse> collect(Duration wait) {
		List<Entry> snapshot;
		synchronized (this) {
			evictBeyondBounds();
			snapshot = new ArrayList<>(this.entries.values());
		}
		long deadline = System.nanoTime() + wait.toNanos();
		Map<String, DoraResponse> results = new LinkedHashMap<>();
		for (Entry entry : snapshot) {
			DoraResponse response = await(entry, deadline - System.nanoTime());
			if (response != null) {
				results.put(entry.guid, response);
				remove(entry.guid);
			}
			else {
				results.put(entry.guid, DoraResponse.failure(entry.guid, DoraCodes.TIMEOUT,
						"result did not arrive within " + wait + "; it stays outstanding"));
			}
		}
		return results;
	}

	private static DoraResponse await(Entry entry, long nanos) {
		try {
			return (nanos > 0) ? entry.response.get(nanos, TimeUnit.NANOSECONDS) : entry.response.getNow(null);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return null;
		}
		catch (Exception ex) {
			return null;
		}
	}

	/** Forgets every outstanding call and stored result. */
	public synchronized void clear() {
		this.entries.clear();
		this.arrivedOrder.clear();
		this.arrived = 0;
	}

	/** Calls submitted and not yet collected. */
	public synchronized int outstanding() {
		return this.entries.size();
	}

	/** Results arrived and not yet collected. */
	public synchronized int uncollected() {
		return this.arrived;
	}

	private void evictBeyondBounds() {
		long now = this.nanoClock.getAsLong();
		Entry oldest;
		while ((oldest = this.arrivedOrder.peek()) != null) {
			if (this.entries.get(oldest.guid) != oldest) {
				this.arrivedOrder.poll();
				continue;
			}
			boolean tooMany = this.arrived > this.maxResults;
			boolean tooOld = now - oldest.arrivedNanos > this.maxAgeNanos;
			if (!tooMany && !tooOld) {
				return;
			}
			this.arrivedOrder.poll();
			this.entries.remove(oldest.guid);
			this.arrived--;
			this.stats.evictedResult();
			logger.warn("Evicted uncollected Dora async result " + oldest.guid + ": "
					+ (tooMany ? "more than " + this.maxResults + " results are waiting (dora.client.async.max-results)"
							: "not collected within " + Duration.ofNanos(this.maxAgeNanos) + " (dora.client.async.max-age)"));
		}
	}

	private static final class Entry {

		private final String guid;

		private final CompletableFuture<DoraResponse> response;

		private long arrivedNanos;

		private boolean hasArrived;

		Entry(String guid, CompletableFuture<DoraResponse> response) {
			this.guid = guid;
			this.response = response;
		}

	}

}
