package io.dora.autoconfigure;

import io.dora.test.RedisServerProcess;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * The context the Redis-related auto-configuration tests share: every Dora auto-configuration that touches Redis,
 * and Spring Boot's Redis, pointed at a real Redis, with the server on a free loopback port.
 */
final class DoraRedisContextRunners {

	private DoraRedisContextRunners() {
	}

	static ApplicationContextRunner withRedis(RedisServerProcess redis, String keyPrefix) {
		return new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, DataRedisAutoConfiguration.class,
					DoraServerAutoConfiguration.class, DoraRedisRequirementAutoConfiguration.class,
					DoraDiscoveryAutoConfiguration.class, DoraClientAutoConfiguration.class))
			.withPropertyValues(redis.springProperties())
			.withPropertyValues("dora.server.port=0", "dora.server.address=127.0.0.1",
					"dora.registry.key-prefix=" + keyPrefix);
	}

}
