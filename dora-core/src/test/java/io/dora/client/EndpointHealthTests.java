package io.dora.client;

import java.time.Duration;

import io.dora.discovery.DoraEndpoint;
import io.dora.test.Await;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Ejection of failing providers: how long, and what counts.
 */
class EndpointHealthTests {

	private final DoraEndpoint endpoint = DoraEndpoint.parse("127.0.0.1:9567");

	@Test
	void callsThatFailAfterTheEjectionDoNotLengthenIt() {
		EndpointHealth health = new EndpointHealth(3, Duration.ofSeconds(5), Duration.ofMinutes(1));
		// A provider that stalls with 200 calls in flight sees them all time out at once: one incident.
		for (int i = 0; i < 200; i++) {
			health.failure(this.endpoint, "no reply within 500 ms");
		}
		assertThat(health.isEjected(this.endpoint)).isTrue();
		assertThat(health.remainingEjection(this.endpoint)).isLessThanOrEqualTo(Duration.ofSeconds(5));
	}

	@Test
	void probeThatFailsAgainAfterTheEjectionDoublesIt() {
		EndpointHealth health = new EndpointHealth(1, Duration.ofMillis(50), Duration.ofMinutes(1));
		health.failure(this.endpoint, "refused");
		Await.until("the first ejection over", () -> !health.isEjected(this.endpoint));
		health.failure(this.endpoint, "refused again");
		assertThat(health.remainingEjection(this.endpoint)).isGreaterThan(Duration.ofMillis(50))
			.isLessThanOrEqualTo(Duration.ofMillis(100));
	}

	@Test
	void successAfterTheEjectionClearsTheRecord() {
		EndpointHealth health = new EndpointHealth(1, Duration.ofMillis(50), Duration.ofMinutes(1));
		health.failure(this.endpoint, "refused");
		Await.until("the ejection over", () -> !health.isEjected(this.endpoint));
		health.success(this.endpoint);
		assertThat(health.snapshot()).isEmpty();
	}

}
