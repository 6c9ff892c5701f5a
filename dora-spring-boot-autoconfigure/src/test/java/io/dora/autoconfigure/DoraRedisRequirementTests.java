package io.dora.autoconfigure;

import io.dora.discovery.CompositeServiceDiscovery;
import io.dora.discovery.DoraServiceDiscovery;
import io.dora.discovery.StaticServiceDiscovery;
import io.dora.discovery.original.OriginalRegistryAnnouncer;
import io.dora.discovery.redis.RedisRegistration;
import io.dora.discovery.redis.RedisRegistryOperations;
import io.dora.discovery.redis.RedisReplayMemory;
import io.dora.security.SharedReplayMemory;
import io.dora.test.RedisServerProcess;
import io.dora.test.TestHandlers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The starter does not bring Spring Data Redis. Each configuration that asks for Redis fails the start-up without
 * it, naming the property and saying to add {@code spring-boot-starter-data-redis}, and starts with it; a
 * configuration that asks for nothing of Redis starts without it.
 */
class DoraRedisRequirementTests {

	private static final String KEY = "dora.security.keys.k1=requirement-test-secret-0123";

	/** What an application has with the starter alone: no Spring Data Redis, and so no Lettuce and no Reactor. */
	private static final FilteredClassLoader STARTER_ALONE = new FilteredClassLoader("org.springframework.data.redis",
			"io.lettuce", "reactor");

	private static RedisServerProcess redis;

	@BeforeAll
	static void startRedis() {
		redis = RedisServerProcess.obtain();
	}

	@AfterAll
	static void stopRedis() {
		redis.close();
	}

	/** Every Dora auto-configuration that touches Redis, and Spring Boot's Redis, pointed at a real Redis. */
	private ApplicationContextRunner provider() {
		return DoraRedisContextRunners.withRedis(redis, "dora-requirement-test")
			.withBean(TestHandlers.class);
	}

	private ApplicationContextRunner starterAlone() {
		return provider().withClassLoader(STARTER_ALONE);
	}

	@Test
	void registrySwitchedOnExplicitly() {
		starterAlone().withPropertyValues("dora.registry.enabled=true")
			.run((context) -> assertFailsSayingToAddSpringDataRedis(context, "dora.registry.enabled"));
		provider().withPropertyValues("dora.registry.enabled=true")
			.run((context) -> assertThat(context).hasNotFailed().hasSingleBean(RedisRegistryOperations.class));
	}

	@Test
	void providerThatRegistersInGroups() {
		starterAlone().withPropertyValues("dora.registry.groups=g1")
			.run((context) -> assertFailsSayingToAddSpringDataRedis(context, "dora.registry.groups"));
		provider().withPropertyValues("dora.registry.groups=g1")
			.run((context) -> assertThat(context).hasNotFailed().hasSingleBean(RedisRegistration.class));
	}

	@Test
	void originalProtocolPortAnnouncedInTheOriginalsKeys() {
		String[] original = { "dora.server.original-protocol.enabled=true", "dora.server.original-protocol.port=0",
				"dora.server.original-protocol.registry.enabled=true" };
		starterAlone().withPropertyValues(original)
			.run((context) -> assertFailsSayingToAddSpringDataRedis(context,
					"dora.server.original-protocol.registry.enabled"));
		provider().withPropertyValues(original)
			.run((context) -> assertThat(context).hasNotFailed().hasSingleBean(OriginalRegistryAnnouncer.class));
	}

	@Test
	void redisReplayMemory() {
		starterAlone().withPropertyValues(KEY, "dora.security.replay-memory=redis")
			.run((context) -> assertFailsSayingToAddSpringDataRedis(context, "dora.security.replay-memory"));
		// Asked for without keys, it is still asked for, and dora.registry.enabled=false does not switch it off.
		starterAlone().withPropertyValues("dora.security.replay-memory=redis", "dora.registry.enabled=false")
			.run((context) -> assertFailsSayingToAddSpringDataRedis(context, "dora.security.replay-memory"));
		provider().withPropertyValues(KEY, "dora.security.replay-memory=redis")
			.run((context) -> assertThat(context.getBean(SharedReplayMemory.class))
				.isInstanceOf(RedisReplayMemory.class));
	}

	@Test
	void clientGroupWithoutEndpoints() {
		starterAlone().withPropertyValues("dora.client.groups.users.load-balancer=round-robin")
			.run((context) -> assertFailsSayingToAddSpringDataRedis(context, "dora.client.groups.users"));
		provider().withPropertyValues("dora.client.groups.users.load-balancer=round-robin")
			.run((context) -> assertThat(context.getBean(DoraServiceDiscovery.class))
				.isInstanceOf(CompositeServiceDiscovery.class));
	}

	@Test
	void defaultGroupWithoutEndpoints() {
		starterAlone().withPropertyValues("dora.client.default-group=users")
			.run((context) -> assertFailsSayingToAddSpringDataRedis(context, "dora.client.default-group"));
		provider().withPropertyValues("dora.client.default-group=users")
			.run((context) -> assertThat(context.getBean(DoraServiceDiscovery.class))
				.isInstanceOf(CompositeServiceDiscovery.class));
	}

	@Test
	void staticGroupsAndFixedAddressesNeedNoRedis() {
		starterAlone()
			.withPropertyValues("dora.client.groups.users.endpoints=127.0.0.1:9567", "dora.client.default-group=users",
					KEY)
			.run((context) -> {
				assertThat(context).hasNotFailed().doesNotHaveBean(RedisRegistryOperations.class);
				assertThat(context.getBean(DoraServiceDiscovery.class)).isInstanceOf(StaticServiceDiscovery.class);
			});
	}

	/** The registry switched off says that Redis is not wanted: groups then serve as audiences only. */
	@Test
	void registrySwitchedOffAsksForNoRedis() {
		starterAlone()
			.withPropertyValues("dora.registry.enabled=false", "dora.registry.groups=g1",
					"dora.client.groups.users.load-balancer=round-robin", "dora.client.default-group=orders")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context.getBean(DoraServiceDiscovery.class)).isInstanceOf(StaticServiceDiscovery.class);
			});
	}

	private static void assertFailsSayingToAddSpringDataRedis(AssertableApplicationContext context, String property) {
		assertThat(context).hasFailed();
		assertThat(context.getStartupFailure()).rootCause().isInstanceOf(InvalidDoraConfigurationException.class);
		InvalidDoraConfigurationException failure = (InvalidDoraConfigurationException) rootCause(
				context.getStartupFailure());
		assertThat(failure.getProperty()).isEqualTo(property);
		assertThat(failure.getReason()).contains("needs Spring Data Redis, and it is not on the class path");
		assertThat(failure.getAction())
			.startsWith("Add org.springframework.boot:spring-boot-starter-data-redis to the application's dependencies");
	}

	private static Throwable rootCause(Throwable failure) {
		Throwable cause = failure;
		while (cause.getCause() != null) {
			cause = cause.getCause();
		}
		return cause;
	}

}
