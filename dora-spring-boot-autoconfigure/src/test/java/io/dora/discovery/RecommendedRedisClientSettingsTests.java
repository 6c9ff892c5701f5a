package io.dora.discovery;

import java.time.Duration;
import java.util.LongSummaryStatistics;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;

import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.lettuce.core.resource.Delay;
import org.junit.jupiter.api.Test;

import org.springframework.boot.data.redis.autoconfigure.ClientResourcesBuilderCustomizer;
import org.springframework.context.annotation.Bean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The reconnect delay DISCOVERY.md recommends ("Recommended Redis client settings"), the bean as written there:
 * quick, and drawn at random, so that the connections that lost Redis together do not retry together.
 */
class RecommendedRedisClientSettingsTests {

	@Bean
	ClientResourcesBuilderCustomizer quickRedisReconnect() {
		return (builder) -> builder.reconnectDelay(Delay.fullJitter(Duration.ofMillis(100), Duration.ofSeconds(2), 100, TimeUnit.MILLISECONDS));
	}

	@Test
	void reconnectsWaitBetweenHalfAndAllOfADelayDoublingUpToTwoSecondsDrawnAtRandom() {
		DefaultClientResources.Builder builder = DefaultClientResources.builder();
		quickRedisReconnect().customize(builder);
		ClientResources resources = builder.build();
		try {
			Delay delay = resources.reconnectDelay();
			assertThat(millis(delay, 1)).isEqualTo(100);
			long[] ceilings = { 100, 200, 400, 800, 1600, 2000, 2000 };
			for (int attempt = 1; attempt <= ceilings.length; attempt++) {
				int current = attempt;
				LongSummaryStatistics waits = LongStream.range(0, 1000).map((i) -> millis(delay, current))
					.summaryStatistics();
				long ceiling = ceilings[attempt - 1];
				assertThat(waits.getMin()).isGreaterThanOrEqualTo(Math.max(100, ceiling / 2));
				assertThat(waits.getMax()).isLessThanOrEqualTo(ceiling);
				if (ceiling >= 400) {
					// Drawn at random: 1 000 reconnects do not wait the same time.
					assertThat(waits.getMax() - waits.getMin()).isGreaterThan(ceiling / 4);
				}
			}
		}
		finally {
			resources.shutdown(0, 1, TimeUnit.SECONDS);
		}
	}

	private static long millis(Delay delay, long attempt) {
		return delay.createDelay(attempt).toMillis();
	}

}
