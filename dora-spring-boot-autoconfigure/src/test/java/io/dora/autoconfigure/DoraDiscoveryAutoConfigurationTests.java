package io.dora.autoconfigure;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.dora.client.DoraCaller;
import io.dora.client.DoraTemplate;
import io.dora.discovery.CompositeServiceDiscovery;
import io.dora.discovery.DoraGroupView;
import io.dora.discovery.DoraLoadBalancer;
import io.dora.discovery.DoraServiceDiscovery;
import io.dora.discovery.GroupLoadBalancer;
import io.dora.discovery.LeastInFlightLoadBalancer;
import io.dora.discovery.RoundRobinLoadBalancer;
import io.dora.discovery.StaticServiceDiscovery;
import io.dora.discovery.redis.InstanceRecordCodec;
import io.dora.discovery.redis.RedisDeregistration;
import io.dora.discovery.redis.RedisRegistration;
import io.dora.discovery.redis.RedisRegistryKeys;
import io.dora.discovery.redis.RedisRegistryOperations;
import io.dora.discovery.redis.RedisServiceDiscovery;
import io.dora.server.context.DoraServerBootstrap;
import io.dora.test.DoraTestContexts;
import io.dora.test.RedisServerProcess;
import io.dora.test.TestHandlers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every condition of the discovery auto-configuration, and how the client's static discovery backs off from it.
 */
class DoraDiscoveryAutoConfigurationTests {

	private static RedisServerProcess redis;

	@BeforeAll
	static void startRedis() {
		redis = RedisServerProcess.obtain();
	}

	@AfterAll
	static void stopRedis() {
		redis.close();
	}

	private ApplicationContextRunner runner() {
		return DoraRedisContextRunners.withRedis(redis, "dora-autoconfig-test");
	}

	private ApplicationContextRunner provider() {
		return runner().withBean(TestHandlers.class).withPropertyValues("dora.registry.groups=g1");
	}

	@Test
	void consumerWithRedisGetsStaticGroupsFirstThenRedis() {
		runner().withPropertyValues("dora.client.groups.fixed.endpoints=127.0.0.1:9567").run((context) -> {
			assertThat(context).hasSingleBean(DoraServiceDiscovery.class)
				.hasSingleBean(RedisRegistryOperations.class)
				.doesNotHaveBean(RedisRegistration.class)
				.doesNotHaveBean(RedisDeregistration.class)
				.hasSingleBean(DoraTemplate.class);
			DoraServiceDiscovery discovery = context.getBean(DoraServiceDiscovery.class);
			assertThat(discovery).isInstanceOf(CompositeServiceDiscovery.class);
			List<DoraServiceDiscovery> parts = ((CompositeServiceDiscovery) discovery).discoveries();
			assertThat(parts).hasSize(2);
			assertThat(parts.get(0)).isInstanceOf(StaticServiceDiscovery.class);
			assertThat(parts.get(1)).isInstanceOf(RedisServiceDiscovery.class);
			assertThat(discovery.view("fixed").source()).contains("static configuration");
			// The one discovery bean is the caller's.
			assertThat(context.getBeanProvider(DoraServiceDiscovery.class).stream()).containsExactly(discovery);
			assertThat(context).hasSingleBean(DoraCaller.class);
		});
	}

	@Test
	void providerRegistrationStopsBeforeTheServerAndDeregistrationAfterIt() {
		provider().run((context) -> {
			assertThat(context).hasSingleBean(RedisRegistration.class).hasSingleBean(RedisDeregistration.class);
			RedisRegistration registration = context.getBean(RedisRegistration.class);
			assertThat(registration.getPhase()).isGreaterThan(DoraServerBootstrap.PHASE);
			assertThat(context.getBean(RedisDeregistration.class).getPhase()).isLessThan(DoraServerBootstrap.PHASE)
				.isGreaterThan(0);
			assertThat(registration.isRunning()).isTrue();
			assertThat(registration.record().groups()).containsExactly("g1");
		});
	}

	@Test
	void withoutARedisConnectionFactoryOnlyStaticGroupsAreKnown() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, DoraServerAutoConfiguration.class,
					DoraDiscoveryAutoConfiguration.class, DoraClientAutoConfiguration.class))
			.withBean(TestHandlers.class)
			.withPropertyValues("dora.server.port=0", "dora.registry.groups=g1")
			.run((context) -> {
				assertThat(context).doesNotHaveBean(RedisRegistryOperations.class)
					.doesNotHaveBean(RedisRegistration.class);
				assertThat(context.getBean(DoraServiceDiscovery.class)).isInstanceOf(StaticServiceDiscovery.class);
			});
	}

	/**
	 * What an application gets from the starter alone, which does not bring Spring Data Redis (and so neither
	 * Lettuce nor Reactor): a provider reached by address serves and calls, and the static groups are the only
	 * ones. The {@code bench-startup} application starts on exactly that classpath. Configuration that asks for
	 * Redis fails instead ({@link DoraRedisRequirementTests}).
	 */
	@Test
	void withoutSpringDataRedisLettuceAndReactorAProviderServesAndCalls() {
		runner().withBean(TestHandlers.class)
			.withClassLoader(new FilteredClassLoader("org.springframework.data.redis", "io.lettuce", "reactor"))
			.run((context) -> {
				assertThat(context).hasNotFailed()
					.doesNotHaveBean(RedisRegistration.class)
					.doesNotHaveBean(RedisConnectionFactory.class);
				assertThat(context.getBean(DoraServiceDiscovery.class)).isInstanceOf(StaticServiceDiscovery.class);
				assertThat(DoraTestContexts.selfTemplate(context).call("/echo", "x", String.class)).isEqualTo("x");
			});
	}

	@Test
	void registryCanBeSwitchedOff() {
		provider().withPropertyValues("dora.registry.enabled=false").run((context) -> {
			assertThat(context).hasSingleBean(RedisConnectionFactory.class)
				.doesNotHaveBean(RedisRegistryOperations.class)
				.doesNotHaveBean(RedisRegistration.class);
			assertThat(context.getBean(DoraServiceDiscovery.class)).isInstanceOf(StaticServiceDiscovery.class);
		});
	}

	@Test
	void providerWithoutClientStillRegisters() {
		provider().withPropertyValues("dora.client.enabled=false").run((context) -> {
			assertThat(context).hasSingleBean(RedisRegistration.class)
				.doesNotHaveBean(DoraServiceDiscovery.class)
				.doesNotHaveBean(DoraTemplate.class);
		});
	}

	@Test
	void withoutTheServerNothingIsRegistered() {
		provider().withPropertyValues("dora.server.enabled=false").run((context) -> {
			assertThat(context).doesNotHaveBean(RedisRegistration.class);
			assertThat(context.getBean(DoraServiceDiscovery.class)).isInstanceOf(CompositeServiceDiscovery.class);
		});
	}

	@Test
	void userDefinedDiscoveryMakesBothOursBackOff() {
		DoraServiceDiscovery custom = new DoraServiceDiscovery() {

			@Override
			public DoraGroupView view(String group) {
				return DoraGroupView.empty(group, "custom");
			}

			@Override
			public Set<String> knownGroups() {
				return Set.of();
			}

		};
		runner().withBean(DoraServiceDiscovery.class, () -> custom).run((context) -> {
			assertThat(context).hasSingleBean(DoraServiceDiscovery.class);
			assertThat(context.getBean(DoraServiceDiscovery.class)).isSameAs(custom);
			assertThat(context).hasSingleBean(DoraCaller.class);
		});
	}

	@Test
	void userDefinedRegistryOperationsAreUsed() {
		runner().withBean("customOperations", RedisRegistryOperations.class,
				() -> new RedisRegistryOperations(new StringRedisTemplate(), new RedisRegistryKeys("custom"),
						new InstanceRecordCodec()))
			.run((context) -> {
				assertThat(context).hasSingleBean(RedisRegistryOperations.class);
				assertThat(context.getBean(RedisRegistryOperations.class).keys().prefix()).isEqualTo("custom");
			});
	}

	@Test
	void propertiesBind() {
		runner().withPropertyValues("dora.registry.groups=g1,g2", "dora.registry.heartbeat-interval=2s",
				"dora.registry.ttl=6s", "dora.registry.advertise-address=10.0.0.5:19567",
				"dora.registry.metadata.zone=eu-1", "dora.registry.cache-file=build/dora-views.json",
				"dora.registry.refresh-interval=1m", "dora.registry.weight=3", "dora.registry.drain-delay=500ms",
				"dora.registry.empty-group-grace-period=90s")
			.run((context) -> {
				DoraRegistryProperties properties = context.getBean(DoraRegistryProperties.class);
				assertThat(properties.getGroups()).containsExactly("g1", "g2");
				assertThat(properties.getHeartbeatInterval()).isEqualTo(Duration.ofSeconds(2));
				assertThat(properties.getTtl()).isEqualTo(Duration.ofSeconds(6));
				assertThat(properties.getAdvertiseAddress()).isEqualTo("10.0.0.5:19567");
				assertThat(properties.getMetadata()).isEqualTo(Map.of("zone", "eu-1"));
				assertThat(properties.getCacheFile()).isEqualTo(Path.of("build/dora-views.json"));
				assertThat(properties.getRefreshInterval()).isEqualTo(Duration.ofMinutes(1));
				assertThat(properties.getWeight()).isEqualTo(3);
				assertThat(properties.getDrainDelay()).isEqualTo(Duration.ofMillis(500));
				assertThat(properties.getEmptyGroupGracePeriod()).isEqualTo(Duration.ofSeconds(90));
			});
	}

	@Test
	void ttlNotLongerThanTheHeartbeatFailsStartupWithAnExplanation() {
		provider().withPropertyValues("dora.registry.heartbeat-interval=5s", "dora.registry.ttl=5s")
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(context.getStartupFailure()).rootCause()
					.hasMessageContaining("dora.registry.ttl")
					.hasMessageContaining("heartbeat-interval");
			});
	}

	@Test
	void loadBalancerIsChosenByPropertyWithPerGroupOverrides() {
		runner().withPropertyValues("dora.client.load-balancer=least-in-flight").run((context) -> assertThat(
				context.getBean(DoraLoadBalancer.class))
			.isInstanceOf(LeastInFlightLoadBalancer.class));
		runner().withPropertyValues("dora.client.groups.g2.load-balancer=round-robin").run((context) -> {
			GroupLoadBalancer balancer = (GroupLoadBalancer) context.getBean(DoraLoadBalancer.class);
			assertThat(balancer.balancerFor("g2")).isInstanceOf(RoundRobinLoadBalancer.class);
			assertThat(balancer.balancerFor("g1").getClass().getSimpleName()).isEqualTo("RandomLoadBalancer");
			// A group entry that only sets a balancer is not a static group: it comes from Redis.
			assertThat(context.getBean(DoraServiceDiscovery.class).view("g2").source()).contains("redis key");
		});
	}

}
