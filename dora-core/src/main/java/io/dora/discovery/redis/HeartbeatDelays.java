package io.dora.discovery.redis;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * When a provider's next heartbeat is due. After a heartbeat that landed: after 80 to 100 % of the interval, drawn
 * at random, so that providers that started together, or resumed together when Redis came back, do not stay in
 * step (in step, every provider of a system writes in the same instant, every interval); never later than the
 * interval, so the TTL keeps its margin. After a failure: a retry after 250 ms, doubling up to the interval, each
 * drawn at random from the upper half of its range. One instance per provider; not thread-safe.
 */
public final class HeartbeatDelays {

	private static final long FIRST_RETRY_MILLIS = 250;

	private final long intervalMillis;

	private long retryMillis;

	public HeartbeatDelays(Duration interval) {
		this.intervalMillis = interval.toMillis();
	}

	/** The delay after a heartbeat that landed, in ms; the retries start afresh. */
	public long afterSuccess() {
		this.retryMillis = 0;
		return between(this.intervalMillis - this.intervalMillis / 5, this.intervalMillis);
	}

	/** The delay after a heartbeat that failed, in ms. */
	public long afterFailure() {
		this.retryMillis = (this.retryMillis == 0) ? Math.min(FIRST_RETRY_MILLIS, this.intervalMillis)
				: Math.min(this.retryMillis * 2, this.intervalMillis);
		return between(this.retryMillis / 2, this.retryMillis);
	}

	private static long between(long low, long high) {
		return (high > low) ? ThreadLocalRandom.current().nextLong(low, high + 1) : high;
	}

}
