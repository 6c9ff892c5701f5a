package io.dora.client.connection;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counters of what the client dropped or gave up on, so that nothing disappears silently.
 */
public class DoraClientStats {

	private final LongAdder lateReplies = new LongAdder();

	private final LongAdder unknownReplies = new LongAdder();

	private final LongAdder mismatchedReplies = new LongAdder();

	private final LongAdder timeouts = new LongAdder();

	private final LongAdder evictedResults = new LongAdder();

	/** A reply arrived for a call that had already timed out. */
	public void lateReply() {
		this.lateReplies.increment();
	}

	/** A reply arrived whose guid matches no call. */
	public void unknownReply() {
		this.unknownReplies.increment();
	}

	/** A reply's body guid differed from the header guid it was routed by. */
	public void mismatchedReply() {
		this.mismatchedReplies.increment();
	}

	public void timeout() {
		this.timeouts.increment();
	}

	public void evictedResult() {
		this.evictedResults.increment();
	}

	public long lateReplies() {
		return this.lateReplies.sum();
	}

	public long unknownReplies() {
		return this.unknownReplies.sum();
	}

	public long mismatchedReplies() {
		return this.mismatchedReplies.sum();
	}

	public long timeouts() {
		return this.timeouts.sum();
	}

	public long evictedResults() {
		return this.evictedResults.sum();
	}

	public Map<String, Object> snapshot() {
		Map<String, Object> figures = new LinkedHashMap<>();
		figures.put("late_replies", lateReplies());
		figures.put("unknown_replies", unknownReplies());
		figures.put("mismatched_replies", mismatchedReplies());
		figures.put("timeouts", timeouts());
		figures.put("evicted_results", evictedResults());
		return figures;
	}

}
