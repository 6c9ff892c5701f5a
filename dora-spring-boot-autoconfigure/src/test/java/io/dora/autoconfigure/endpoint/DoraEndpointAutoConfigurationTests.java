package io.dora.autoconfigure.endpoint;

import java.security.Principal;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.dora.actuate.GroupDescriptor;
import io.dora.actuate.endpoint.DoraActuatorEndpoint;
import io.dora.actuate.endpoint.DoraActuatorEndpoint.ApiDescriptor;
import io.dora.actuate.endpoint.DoraActuatorEndpoint.CallPolicy;
import io.dora.actuate.endpoint.DoraActuatorEndpoint.ClientDescriptor;
import io.dora.actuate.endpoint.DoraActuatorEndpoint.DoraDescriptor;
import io.dora.actuate.endpoint.DoraActuatorEndpoint.GroupView;
import io.dora.client.EndpointHealth;
import io.dora.discovery.DoraEndpoint;
import io.dora.discovery.DoraGroupView;
import io.dora.discovery.DoraInstance;
import io.dora.discovery.DoraServiceDiscovery;
import io.dora.server.DoraServer;
import io.dora.test.DoraTestContexts;
import io.dora.test.TestHandlers;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.actuate.endpoint.SecurityContext;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;

/**
 * The {@code dora} Actuator endpoint: when it is configured and what it reports.
 */
class DoraEndpointAutoConfigurationTests {

	private final ApplicationContextRunner runner = DoraTestContexts.runner()
		.withConfiguration(AutoConfigurations.of(DoraEndpointAutoConfiguration.class));

	private final ApplicationContextRunner exposed = this.runner
		.withPropertyValues("management.endpoints.web.exposure.include=dora");

	@Test
	void listsTheApisTheServerAndItsFigures() {
		this.exposed.withPropertyValues("dora.server.port=0").withBean(TestHandlers.class).run((context) -> {
			DoraDescriptor dora = context.getBean(DoraActuatorEndpoint.class).dora(SecurityContext.NONE);
			assertThat(dora.server().running()).isTrue();
			assertThat(dora.server().accepting()).isTrue();
			assertThat(dora.server().port()).isEqualTo(context.getBean(DoraServer.class).port());
			assertThat(dora.server().apis()).extracting(ApiDescriptor::path)
				.startsWith("/count", "/count-wait", "/echo")
				.contains("/module_a/**", "/user/{id}");
			assertThat(dora.server().apis()).filteredOn((api) -> api.path().equals("/user/get"))
				.singleElement()
				.satisfies((api) -> {
					assertThat(api.bean()).isEqualTo("testHandlers");
					assertThat(api.method()).isEqualTo("getUser");
					assertThat(api.parameter()).isNull();
				});
			assertThat(dora.server().statistics()).containsKeys("server", "apis");
			assertThat(dora.registration()).isNull();
			assertThat(dora.client()).isNotNull();
		});
	}

	@Test
	void showsNoClassNamesUnlessAPropertyAsksForThem() {
		ApplicationContextRunner provider = this.exposed.withPropertyValues("dora.server.port=0")
			.withBean(TestHandlers.class);
		provider.run((context) -> {
			String json = JsonMapper.builder()
				.build()
				.writeValueAsString(context.getBean(DoraActuatorEndpoint.class).dora(SecurityContext.NONE));
			assertThat(json).doesNotContain("io.dora.").doesNotContain("java.").doesNotContain("LoadBalancer");
		});
		provider.withPropertyValues("management.endpoint.dora.show-class-names=always").run((context) -> {
			DoraDescriptor dora = context.getBean(DoraActuatorEndpoint.class).dora(SecurityContext.NONE);
			assertThat(dora.server().apis()).filteredOn((api) -> api.path().equals("/user/get"))
				.singleElement()
				.satisfies((api) -> {
					assertThat(api.method()).isEqualTo(TestHandlers.class.getName() + ".getUser");
					assertThat(api.parameter()).isEqualTo(TestHandlers.UserQuery.class.getName());
				});
		});
		provider.withPropertyValues("management.endpoint.dora.show-class-names=when-authorized",
				"management.endpoint.dora.roles=OPS")
			.run((context) -> {
				DoraActuatorEndpoint endpoint = context.getBean(DoraActuatorEndpoint.class);
				assertThat(endpoint.dora(SecurityContext.NONE).server().apis()).allSatisfy(
						(api) -> assertThat(api.parameter()).isNull());
				assertThat(endpoint.dora(user("OPS")).server().apis()).filteredOn((api) -> api.parameter() != null)
					.isNotEmpty();
				assertThat(endpoint.dora(user("DEV")).server().apis()).allSatisfy(
						(api) -> assertThat(api.parameter()).isNull());
			});
	}

	private static SecurityContext user(String role) {
		return new SecurityContext() {

			@Override
			public Principal getPrincipal() {
				return () -> "someone";
			}

			@Override
			public boolean isUserInRole(String candidate) {
				return candidate.equals(role);
			}

		};
	}

	@Test
	void showsEffectiveTimeoutsAndRetriesPerApi() {
		this.exposed
			.withPropertyValues("dora.client.timeout=2s", "dora.client.retries=1",
					"dora.client.apis.[/module_a/**].timeout=500ms", "dora.client.apis.[/module_a/abc].retries=3")
			.run((context) -> {
				ClientDescriptor client = context.getBean(DoraActuatorEndpoint.class).dora(SecurityContext.NONE).client();
				assertThat(client.defaults()).isEqualTo(new CallPolicy("2s", 1));
				assertThat(client.apis()).containsExactly(Map.entry("/module_a/abc", new CallPolicy("2s", 3)),
						Map.entry("/module_a/**", new CallPolicy("500ms", 1)));
				assertThat(client.connectTimeout()).isEqualTo("1s");
			});
	}

	@Test
	void showsEveryGroupInUseWithItsProvidersAsThisApplicationSeesThem() {
		this.exposed.withBean(DoraServiceDiscovery.class, OrdersDiscovery::new)
			.withPropertyValues("dora.client.default-group=orders", "dora.client.ejection.failure-threshold=1",
					"dora.client.groups.payments.load-balancer=round-robin")
			.run((context) -> {
				context.getBean(EndpointHealth.class).failure(OrdersDiscovery.C, "connection refused");
				ClientDescriptor client = context.getBean(DoraActuatorEndpoint.class).dora(SecurityContext.NONE).client();
				assertThat(client.defaultGroup()).isEqualTo("orders");
				assertThat(client.groups()).containsOnlyKeys("orders", "payments");
				GroupView orders = client.groups().get("orders");
				assertThat(orders.loadBalancer()).isEqualTo("random");
				assertThat(orders.source()).isEqualTo("test discovery");
				assertThat(orders.providers()).extracting(GroupDescriptor.ProviderDescriptor::state)
					.containsExactly("available", "draining", "ejected");
				assertThat(orders.providers().get(2).ejection()).contains("connection refused");
				assertThat(client.groups().get("payments").loadBalancer()).isEqualTo("round-robin");
				assertThat(client.failures()).containsOnlyKeys("10.0.0.3:9567");
				assertThat(client.figures()).containsKeys("connections", "async_outstanding", "late_replies");
			});
	}

	@Test
	void serializesToJson() {
		this.exposed.withPropertyValues("dora.server.port=0", "dora.client.groups.orders.endpoints=127.0.0.1:9567")
			.withBean(TestHandlers.class)
			.run((context) -> {
				JsonNode json = JsonMapper.builder()
					.build()
					.valueToTree(context.getBean(DoraActuatorEndpoint.class).dora(SecurityContext.NONE));
				assertThat(json.path("server").path("apis").get(0).path("path").asString()).isEqualTo("/count");
				assertThat(json.path("server").path("statistics").path("server").has("connection_num")).isTrue();
				assertThat(json.path("client").path("defaults").path("timeout").asString()).isEqualTo("3s");
				assertThat(json.path("client").path("groups").path("orders").path("source").asString())
					.contains("static configuration");
			});
	}

	@Test
	void notConfiguredUnlessExposed() {
		this.runner.withPropertyValues("dora.server.port=0")
			.withBean(TestHandlers.class)
			.run((context) -> assertThat(context).doesNotHaveBean(DoraActuatorEndpoint.class));
	}

	@Test
	void exposedOverJmxWhenJmxIsOn() {
		this.runner.withPropertyValues("spring.jmx.enabled=true", "management.endpoints.jmx.exposure.include=dora")
			.run((context) -> assertThat(context).hasSingleBean(DoraActuatorEndpoint.class));
	}

	@Test
	void notConfiguredWhenAccessIsNone() {
		this.exposed.withPropertyValues("management.endpoint.dora.access=NONE")
			.run((context) -> assertThat(context).doesNotHaveBean(DoraActuatorEndpoint.class));
	}

	@Test
	void notConfiguredWithoutActuator() {
		this.exposed.withClassLoader(new FilteredClassLoader(Endpoint.class))
			.run((context) -> assertThat(context).doesNotHaveBean(DoraActuatorEndpoint.class));
	}

	@Test
	void notConfiguredWithoutServerAndClient() {
		this.exposed.withPropertyValues("dora.client.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(DoraActuatorEndpoint.class));
	}

	@Test
	void backsOffFromAUserDefinedEndpoint() {
		DoraActuatorEndpoint custom = mock(DoraActuatorEndpoint.class);
		this.exposed.withBean(DoraActuatorEndpoint.class, () -> custom)
			.run((context) -> assertThat(context).getBean(DoraActuatorEndpoint.class).isSameAs(custom));
	}

	/** The group "orders" with an available, a draining and a soon-ejected provider. */
	static class OrdersDiscovery implements DoraServiceDiscovery {

		static final DoraEndpoint C = DoraEndpoint.parse("10.0.0.3:9567");

		@Override
		public DoraGroupView view(String group) {
			if (!"orders".equals(group)) {
				return DoraGroupView.empty(group, "test discovery");
			}
			return new DoraGroupView(group,
					List.of(DoraInstance.of(DoraEndpoint.parse("10.0.0.1:9567")),
							new DoraInstance("b", DoraEndpoint.parse("10.0.0.2:9567"), 1, true, Map.of()),
							DoraInstance.of(C)),
					"test discovery");
		}

		@Override
		public Set<String> knownGroups() {
			return Set.of("orders", "payments");
		}

	}

}
