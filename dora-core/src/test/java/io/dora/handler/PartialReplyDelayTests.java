package io.dora.handler;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The margin before the caller's timeout at which a multi call answers with what has finished, as PROTOCOL.md §7
 * and the README give it: m = min(t/4, max(t/10, 200 ms)).
 */
class PartialReplyDelayTests {

	@Test
	void theMarginIsATenthOfTheTimeoutAtLeast200MsAndAtMostAQuarter() {
		assertThat(delay(10_000)).isEqualTo(Duration.ofMillis(9_000));
		assertThat(delay(1_000)).isEqualTo(Duration.ofMillis(800));
		assertThat(delay(400)).isEqualTo(Duration.ofMillis(300));
		assertThat(delay(3_000)).isEqualTo(Duration.ofMillis(2_700));
	}

	private static Duration delay(long timeoutMillis) {
		return Duration.ofNanos(DoraDispatcher.partialReplyDelayNanos(timeoutMillis));
	}

}
