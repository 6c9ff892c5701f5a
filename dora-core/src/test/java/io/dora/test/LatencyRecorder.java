package io.dora.test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Collects call latencies from many threads and answers percentiles, so that a test can compare the service
 * callers get under attack with the service they got just before it.
 */
public final class LatencyRecorder {

	private final String name;

	private final List<Long> nanos = Collections.synchronizedList(new ArrayList<>());

	public LatencyRecorder(String name) {
		this.name = name;
	}

	public void record(long elapsedNanos) {
		this.nanos.add(elapsedNanos);
	}

	public int count() {
		return this.nanos.size();
	}

	/** The latency that {@code percent} % of the calls did not exceed. */
	public Duration percentile(double percent) {
		List<Long> sorted;
		synchronized (this.nanos) {
			sorted = new ArrayList<>(this.nanos);
		}
		if (sorted.isEmpty()) {
			return Duration.ZERO;
		}
		Collections.sort(sorted);
		int index = (int) Math.ceil(percent / 100 * sorted.size()) - 1;
		return Duration.ofNanos(sorted.get(Math.max(0, Math.min(index, sorted.size() - 1))));
	}

	public Duration max() {
		return percentile(100);
	}

	@Override
	public String toString() {
		return String.format("%s: %d calls, p50 %.1f ms, p99 %.1f ms, max %.1f ms", this.name, count(),
				millis(percentile(50)), millis(percentile(99)), millis(max()));
	}

	private static double millis(Duration duration) {
		return duration.toNanos() / 1e6;
	}

}
