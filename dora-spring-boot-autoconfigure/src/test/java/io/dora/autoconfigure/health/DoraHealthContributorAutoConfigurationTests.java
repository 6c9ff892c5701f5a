package io.dora.autoconfigure.health;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.dora.actuate.health.DoraServerHealthIndicator;
import io.dora.autoconfigure.DoraDiscoveryAutoConfiguration;
import io.dora.client.EndpointHealth;
import io.dora.discovery.DoraEndpoint;
import io.dora.discovery.DoraGroupView;
import io.dora.discovery.DoraInstance;
import io.dora.discovery.DoraServiceDiscovery;
import io.dora.discovery.redis.RedisRegistration;
import io.dora.handler.DoraDispatcher;
import io.dora.server.DoraServer;
import io.dora.server.DoraServerFactory;
import io.dora.test.Await;
import io.dora.test.DoraTestContexts;
import io.dora.test.TestHandlers;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.health.actuate.endpoint.CompositeHealthDescriptor;
import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.boot.health.autoconfigure.actuate.endpoint.HealthEndpointAutoConfiguration;
import org.springframework.boot.health.autoconfigure.contributor.HealthContributorAutoConfiguration;
import org.springframework.boot.health.autoconfigure.registry.HealthContributorRegistryAutoConfiguration;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code dora} health contributor: when it is configured, what each of its components reports, and how it backs
 * off.
 */
class DoraHealthContributorAutoConfigurationTests {

	private final ApplicationContextRunner runner = DoraTestContexts.runner()
		.withConfiguration(AutoConfigurations.of(DoraHealthContributorAutoConfiguration.class));

	@Test
	void providerReportsItsServerAndItsGroups() {
		this.runner.withPropertyValues("dora.server.port=0").withBean(TestHandlers.class).run((context) -> {
			assertThat(context).hasBean("doraHealthContributor");
			Health server = component(context, "server");
			assertThat(server.getStatus()).isEqualTo(Status.UP);
			assertThat(server.getDetails()).containsEntry("port", context.getBean(DoraServer.class).port())
				.containsEntry("transport", "tcp")
				.containsEntry("signedRequestsOnly", false)
				.containsEntry("inFlight", 0)
				.containsKey("connections");
			assertThat(component(context, "groups").getStatus()).isEqualTo(Status.UP);
			assertThat(contributor(context).getContributor("registration")).isNull();
		});
	}

	@Test
	void consumerReportsOnlyItsGroupsWithDrainingAndEjectedProviders() {
		this.runner.withBean(DoraServiceDiscovery.class, DrainingGroupDiscovery::new)
			.withPropertyValues("dora.client.default-group=orders", "dora.client.ejection.failure-threshold=1")
			.run((context) -> {
				assertThat(contributor(context).getContributor("server")).isNull();
				context.getBean(EndpointHealth.class).failure(DrainingGroupDiscovery.C, "refused");
				Health groups = component(context, "groups");
				assertThat(groups.getStatus()).isEqualTo(Status.UP);
				@SuppressWarnings("unchecked")
				Map<String, Object> orders = (Map<String, Object>) groups.getDetails().get("orders");
				assertThat(orders).containsEntry("providers", 3)
					.containsEntry("available", 1L)
					.containsEntry("draining", List.of("10.0.0.2:9567"))
					.containsEntry("ejected", List.of("10.0.0.3:9567"))
					.containsEntry("source", "test discovery");
			});
	}

	@Test
	void groupWithoutProvidersIsReportedButStaysUp() {
		this.runner.withPropertyValues("dora.client.groups.empty.endpoints=127.0.0.1:1",
				"dora.client.ejection.failure-threshold=1")
			.run((context) -> {
				context.getBean(EndpointHealth.class).failure(DoraEndpoint.parse("127.0.0.1:1"), "refused");
				Health groups = component(context, "groups");
				assertThat(groups.getStatus()).isEqualTo(Status.UP);
				assertThat(groups.getDetails()).extractingByKey("empty")
					.asInstanceOf(InstanceOfAssertFactories.MAP)
					.containsEntry("available", 0L);
			});
	}

	@Test
	void serverThatStoppedAcceptingIsOutOfService() {
		this.runner.withPropertyValues("dora.server.port=0").withBean(TestHandlers.class).run((context) -> {
			context.getBean(DoraServer.class).shutdownGracefully(Duration.ZERO);
			Health server = component(context, "server");
			assertThat(server.getStatus()).isEqualTo(Status.OUT_OF_SERVICE);
			assertThat(server.getDetails()).containsKey("reason");
		});
	}

	@Test
	void serverWithHandlersThatIsNotBoundIsDown() {
		this.runner.withPropertyValues("dora.server.port=0")
			.withBean(TestHandlers.class)
			.run((context) -> {
				DoraDispatcher dispatcher = context.getBean(DoraDispatcher.class);
				// The context's server is bound by the lifecycle; one the factory just made has never been.
				DoraServer unbound = context.getBean(DoraServerFactory.class).getServer(dispatcher);
				Health health = new DoraServerHealthIndicator(unbound, dispatcher).health(true);
				assertThat(health.getStatus()).isEqualTo(Status.DOWN);
				assertThat(health.getDetails()).containsEntry("reason", "the port is not bound");
			});
	}

	@Test
	void providerWhoseRedisIsUnreachableStaysUpAndSaysSo() {
		int closedPort = closedPort();
		this.runner
			.withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class,
					DoraDiscoveryAutoConfiguration.class))
			.withBean(TestHandlers.class)
			.withPropertyValues("dora.server.port=0", "dora.server.address=127.0.0.1", "dora.registry.groups=g1",
					"spring.data.redis.host=127.0.0.1", "spring.data.redis.port=" + closedPort,
					"spring.data.redis.connect-timeout=200ms", "spring.data.redis.timeout=200ms")
			.run((context) -> {
				RedisRegistration registration = context.getBean(RedisRegistration.class);
				Await.until("a failed registration attempt", () -> registration.failedAttempts() > 0);
				Health health = component(context, "registration");
				assertThat(health.getStatus()).isEqualTo(Status.UP);
				assertThat(health.getDetails()).containsEntry("groups", List.of("g1"))
					.containsEntry("registered", false)
					.hasEntrySatisfying("redis", (text) -> assertThat((String) text).startsWith("unreachable"));
				registration.stop(() -> {
				});
				Await.until("the registration marked draining", () -> registration.record().draining());
				assertThat(component(context, "registration").getStatus()).isEqualTo(Status.OUT_OF_SERVICE);
			});
	}

	@Test
	void healthEndpointShowsTheContributorAsDora() {
		this.runner
			.withConfiguration(AutoConfigurations.of(HealthContributorAutoConfiguration.class,
					HealthContributorRegistryAutoConfiguration.class, HealthEndpointAutoConfiguration.class))
			.withPropertyValues("dora.server.port=0", "management.endpoint.health.show-details=always")
			.withBean(TestHandlers.class)
			.run((context) -> {
				CompositeHealthDescriptor dora = (CompositeHealthDescriptor) context.getBean(HealthEndpoint.class)
					.healthForPath("dora");
				assertThat(dora.getStatus()).isEqualTo(Status.UP);
				assertThat(dora.getComponents()).containsOnlyKeys("server", "groups");
			});
	}

	@Test
	void canBeSwitchedOff() {
		this.runner.withPropertyValues("dora.server.port=0", "management.health.dora.enabled=false")
			.withBean(TestHandlers.class)
			.run((context) -> assertThat(context).doesNotHaveBean("doraHealthContributor"));
	}

	@Test
	void followsTheDefaultOfAllHealthIndicators() {
		this.runner.withPropertyValues("management.health.defaults.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean("doraHealthContributor"));
	}

	@Test
	void withoutSpringBootHealthNothingIsConfigured() {
		this.runner.withClassLoader(new FilteredClassLoader(HealthIndicator.class))
			.run((context) -> assertThat(context).doesNotHaveBean("doraHealthContributor"));
	}

	@Test
	void withoutSpringDataRedisTheServerIsStillReported() {
		this.runner.withClassLoader(new FilteredClassLoader("org.springframework.data.redis"))
			.withPropertyValues("dora.server.port=0")
			.withBean(TestHandlers.class)
			.run((context) -> assertThat(component(context, "server").getStatus()).isEqualTo(Status.UP));
	}

	@Test
	void withoutServerAndClientNothingIsConfigured() {
		this.runner.withPropertyValues("dora.client.enabled=false", "dora.server.enabled=false")
			.withBean(TestHandlers.class)
			.run((context) -> assertThat(context).doesNotHaveBean("doraHealthContributor"));
	}

	@Test
	void backsOffFromAUserDefinedDoraHealthIndicator() {
		HealthIndicator custom = () -> Health.up().build();
		this.runner.withBean("doraHealthIndicator", HealthIndicator.class, () -> custom)
			.run((context) -> assertThat(context).doesNotHaveBean("doraHealthContributor")
				.getBean("doraHealthIndicator")
				.isSameAs(custom));
	}

	private static CompositeHealthContributor contributor(AssertableApplicationContext context) {
		return (CompositeHealthContributor) context.getBean("doraHealthContributor", HealthContributor.class);
	}

	private static Health component(AssertableApplicationContext context, String name) {
		return ((HealthIndicator) contributor(context).getContributor(name)).health(true);
	}

	private static int closedPort() {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** One group with an available, a draining and a soon-ejected provider. */
	static class DrainingGroupDiscovery implements DoraServiceDiscovery {

		static final DoraEndpoint A = DoraEndpoint.parse("10.0.0.1:9567");

		static final DoraEndpoint B = DoraEndpoint.parse("10.0.0.2:9567");

		static final DoraEndpoint C = DoraEndpoint.parse("10.0.0.3:9567");

		@Override
		public DoraGroupView view(String group) {
			if (!"orders".equals(group)) {
				return DoraGroupView.empty(group, "test discovery");
			}
			return new DoraGroupView(group, List.of(DoraInstance.of(A),
					new DoraInstance("b", B, 1, true, Map.of()), DoraInstance.of(C)), "test discovery");
		}

		@Override
		public Set<String> knownGroups() {
			return Set.of("orders");
		}

	}

}
