package io.dora.discovery.redis;

import java.time.Duration;
import java.util.LongSummaryStatistics;
import java.util.stream.LongStream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * When heartbeats are due: never later than the interval, spread at random so that providers drift out of step.
 */
class HeartbeatDelaysTests {

	@Test
	void heartbeatsAfterASuccessComeAfter80To100PercentOfTheIntervalSpreadOverThatRange() {
		HeartbeatDelays delays = new HeartbeatDelays(Duration.ofSeconds(5));
		LongSummaryStatistics statistics = LongStream.range(0, 10_000).map((i) -> delays.afterSuccess())
			.summaryStatistics();
		assertThat(statistics.getMin()).isGreaterThanOrEqualTo(4_000);
		assertThat(statistics.getMax()).isLessThanOrEqualTo(5_000);
		// Uniform: of 10 000 draws, some land within 50 ms of either end, and the mean is near the middle.
		assertThat(statistics.getMin()).isLessThan(4_050);
		assertThat(statistics.getMax()).isGreaterThan(4_950);
		assertThat(statistics.getAverage()).isBetween(4_450.0, 4_550.0);
	}

	@Test
	void retriesDoubleFrom250MillisecondsUpToTheIntervalEachInTheUpperHalfOfItsRange() {
		HeartbeatDelays delays = new HeartbeatDelays(Duration.ofSeconds(5));
		long[] ceilings = { 250, 500, 1000, 2000, 4000, 5000, 5000 };
		for (long ceiling : ceilings) {
			assertThat(delays.afterFailure()).isBetween(ceiling / 2, ceiling);
		}
		delays.afterSuccess();
		assertThat(delays.afterFailure()).isBetween(125L, 250L);
	}

	@Test
	void anIntervalShorterThanTheFirstRetryBoundsTheRetries() {
		HeartbeatDelays delays = new HeartbeatDelays(Duration.ofMillis(100));
		assertThat(delays.afterFailure()).isBetween(50L, 100L);
		assertThat(delays.afterFailure()).isBetween(50L, 100L);
		assertThat(delays.afterSuccess()).isBetween(80L, 100L);
	}

}
