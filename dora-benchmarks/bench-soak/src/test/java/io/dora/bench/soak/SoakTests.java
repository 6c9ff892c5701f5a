package io.dora.bench.soak;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The short soak that runs with every build: about a minute at 70 % of measured capacity, every call mode over TCP
 * and HTTP, no errors, nothing lost and no growth. {@code -Dsoak.duration=10m} runs the long one.
 */
class SoakTests {

	@Test
	void mixedLoadRunsWithoutErrorsLossOrGrowth() throws Exception {
		Duration duration = SoakRun.parse(System.getProperty("soak.duration", "60s"));
		SoakRun soak = new SoakRun(SoakSettings.of(duration), System.out);
		assertThat(soak.run()).as("soak failures: %s", soak.failures()).isTrue();
	}

}
