package io.dora.autoconfigure;

import java.time.Duration;
import java.util.Map;

import io.dora.discovery.LoadBalancingStrategy;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code dora.client.*} as Spring Boot binds it, without a context.
 */
class DoraClientPropertiesTests {

	@Test
	void defaultsApplyWhenNothingIsSet() {
		DoraClientProperties properties = bind(Map.of());
		assertThat(properties.getDefaultGroup()).isNull();
		assertThat(properties.getTimeout()).isEqualTo(Duration.ofSeconds(3));
		assertThat(properties.getRetries()).isZero();
		assertThat(properties.getLoadBalancer()).isEqualTo(LoadBalancingStrategy.RANDOM);
		assertThat(properties.getMaxFrameLength()).isEqualTo(DataSize.ofMegabytes(2));
		assertThat(properties.getAsync().getMaxResults()).isEqualTo(10_000);
		assertThat(properties.getEjection().getFailureThreshold()).isEqualTo(3);
		assertThat(properties.getGroups()).isEmpty();
		assertThat(properties.getApis()).isEmpty();
	}

	@Nested
	class Groups {

		@Test
		void endpointsAreACommaSeparatedListAndEachGroupMayChooseItsBalancer() {
			DoraClientProperties properties = bind(Map.of("dora.client.groups.orders.endpoints",
					"10.0.0.1:9567, 10.0.0.2:9567", "dora.client.groups.orders.load-balancer", "round-robin",
					"dora.client.groups.users.load-balancer", "least-in-flight"));
			assertThat(properties.getGroups()).containsOnlyKeys("orders", "users");
			assertThat(properties.getGroups().get("orders").getEndpoints()).containsExactly("10.0.0.1:9567",
					"10.0.0.2:9567");
			assertThat(properties.getGroups().get("orders").getLoadBalancer())
				.isEqualTo(LoadBalancingStrategy.ROUND_ROBIN);
			assertThat(properties.getGroups().get("users").getEndpoints()).isEmpty();
			assertThat(DoraClientAutoConfiguration.staticGroups(properties)).containsOnlyKeys("orders");
		}

	}

	@Nested
	class Apis {

		@Test
		void pathsAndPatternsAreKeptAsWrittenInBrackets() {
			DoraClientProperties properties = bind(Map.of("dora.client.apis.[/user/get].timeout", "200",
					"dora.client.apis.[/report/**].retries", "2"));
			assertThat(properties.getApis()).containsOnlyKeys("/user/get", "/report/**");
			assertThat(properties.getApis().get("/user/get").getTimeout()).isEqualTo(Duration.ofMillis(200));
			assertThat(properties.getApis().get("/user/get").getRetries()).isNull();
			assertThat(properties.getApis().get("/report/**").getRetries()).isEqualTo(2);
		}

	}

	@Nested
	class Units {

		@Test
		void durationsWithoutASuffixAreMillisecondsAndSizesBytes() {
			DoraClientProperties properties = bind(Map.of("dora.client.timeout", "750",
					"dora.client.async.max-age", "2m", "dora.client.max-frame-length", "65536",
					"dora.client.compression.enabled", "true", "dora.client.compression.threshold", "2KB"));
			assertThat(properties.getTimeout()).isEqualTo(Duration.ofMillis(750));
			assertThat(properties.getAsync().getMaxAge()).isEqualTo(Duration.ofMinutes(2));
			assertThat(properties.getMaxFrameLength()).isEqualTo(DataSize.ofKilobytes(64));
			assertThat(properties.getCompression().writerThreshold()).isEqualTo(2048);
		}

	}

	@Test
	void connectionSettingsTakeWhatConnectionsUse() {
		DoraClientProperties properties = bind(Map.of("dora.client.connect-timeout", "300",
				"dora.client.max-pending-calls", "12", "dora.client.async.result-timeout", "5s"));
		assertThat(DoraClientAutoConfiguration.connectionSettings(properties)).satisfies((settings) -> {
			assertThat(settings.connectTimeout()).isEqualTo(Duration.ofMillis(300));
			assertThat(settings.maxPendingCalls()).isEqualTo(12);
			assertThat(settings.asyncResultTimeout()).isEqualTo(Duration.ofSeconds(5));
			assertThat(settings.maxFrameLength()).isEqualTo((int) DataSize.ofMegabytes(2).toBytes());
		});
	}

	private static DoraClientProperties bind(Map<String, String> values) {
		return new Binder(new MapConfigurationPropertySource(values)).bindOrCreate("dora.client",
				DoraClientProperties.class);
	}

}
