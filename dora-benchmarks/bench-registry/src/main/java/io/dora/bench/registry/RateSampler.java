package io.dora.bench.registry;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Samples Redis's {@code total_commands_processed} at a fixed period on a thread of its own, for the peak rate and
 * the mean. The sampler's own {@code INFO} calls are a few per second.
 */
final class RateSampler {

	private final RedisProcess redis;

	private final long periodNanos;

	private final List<Long> counts = new ArrayList<>();

	private final Thread thread;

	private volatile boolean stopped;

	private RateSampler(RedisProcess redis, Duration period) {
		this.redis = redis;
		this.periodNanos = period.toNanos();
		this.thread = new Thread(this::sample, "rate-sampler");
		this.thread.setDaemon(true);
	}

	static RateSampler start(RedisProcess redis, Duration period) {
		RateSampler sampler = new RateSampler(redis, period);
		sampler.thread.start();
		return sampler;
	}

	void stop() throws InterruptedException {
		this.stopped = true;
		this.thread.join();
	}

	/** The highest rate over one period, in commands per second. */
	long peak() {
		long peak = 0;
		for (int i = 1; i < this.counts.size(); i++) {
			peak = Math.max(peak, this.counts.get(i) - this.counts.get(i - 1));
		}
		return peak * TimeUnit.SECONDS.toNanos(1) / this.periodNanos;
	}

	/** The mean rate over the sampled time, in commands per second. */
	long mean() {
		if (this.counts.size() < 2) {
			return 0;
		}
		return total() * TimeUnit.SECONDS.toNanos(1) / (this.periodNanos * (this.counts.size() - 1));
	}

	/** Commands between the first and the last sample. */
	long total() {
		return this.counts.isEmpty() ? 0 : this.counts.get(this.counts.size() - 1) - this.counts.get(0);
	}

	private void sample() {
		long next = System.nanoTime();
		while (!this.stopped) {
			try {
				this.counts.add(this.redis.commandsProcessed());
			}
			catch (RuntimeException ex) {
				// Redis is restarting: the next sample catches up.
			}
			next += this.periodNanos;
			long wait = next - System.nanoTime();
			if (wait > 0) {
				try {
					TimeUnit.NANOSECONDS.sleep(wait);
				}
				catch (InterruptedException ex) {
					return;
				}
			}
		}
	}

}
