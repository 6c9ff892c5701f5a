package io.dora.autoconfigure;

import java.util.List;
import java.util.Map;

import io.dora.autoconfigure.DoraSecurityProperties.ReplayMemory;

import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;
import org.springframework.util.ClassUtils;

/**
 * What of Dora's configuration needs Spring Data Redis, which the starter does not bring: an application that uses
 * the registry or the shared replay memory adds {@code spring-boot-starter-data-redis}, as it does for Spring
 * Boot's own Redis-backed features. Without it, asking for one of them fails the start-up with the property that
 * asked and what to add, rather than leaving the feature out in silence.
 */
final class SpringDataRedisRequirement {

	/** The Spring Data Redis class whose absence means that the application has not added it. */
	static final String SPRING_DATA_REDIS_CLASS = "org.springframework.data.redis.connection.RedisConnectionFactory";

	private SpringDataRedisRequirement() {
	}

	static boolean isPresent(ClassLoader classLoader) {
		return ClassUtils.isPresent(SPRING_DATA_REDIS_CLASS, classLoader);
	}

	/**
	 * Fails when a property asks for the registry or the Redis replay memory; called when Spring Data Redis is
	 * absent. {@code dora.registry.enabled=false} says that the registry is not wanted.
	 */
	static void checkProperties(Environment environment) {
		Binder binder = Binder.get(environment);
		Boolean registryEnabled = binder.bind("dora.registry.enabled", Boolean.class).orElse(null);
		if (Boolean.TRUE.equals(registryEnabled)) {
			throw missing("dora.registry.enabled", "the Redis registry is switched on",
					"set dora.registry.enabled=false and call providers through static groups "
							+ "(dora.client.groups.<name>.endpoints)");
		}
		if (registryEnabled == null) {
			List<String> groups = binder.bind("dora.registry.groups", Bindable.listOf(String.class))
				.orElse(List.of());
			if (!groups.isEmpty()) {
				throw missing("dora.registry.groups", "the provider would register in Redis under " + groups,
						"remove dora.registry.groups; consumers then name this provider in static groups, and "
								+ "dora.security.audiences lists the group names they sign their calls for");
			}
			if (binder.bind("dora.server.original-protocol.enabled", Boolean.class).orElse(false)
					&& binder.bind("dora.server.original-protocol.registry.enabled", Boolean.class).orElse(false)) {
				throw missing("dora.server.original-protocol.registry.enabled",
						"the original-protocol port would be announced in the original's Redis keys",
						"set dora.server.original-protocol.registry.enabled=false");
			}
		}
		if (binder.bind("dora.security.replay-memory", ReplayMemory.class).orElse(ReplayMemory.LOCAL)
				== ReplayMemory.REDIS) {
			throw missing("dora.security.replay-memory", "the replay memory is 'redis'",
					"set dora.security.replay-memory=local");
		}
	}

	/**
	 * Fails when a client group has no endpoints, and so would be found in Redis: the groups of
	 * {@code dora.client.groups} and {@code dora.client.default-group}. Called by the static discovery, which a
	 * discovery of the application's own replaces.
	 */
	static void checkGroups(DoraClientProperties properties, Environment environment, ClassLoader classLoader) {
		if (isPresent(classLoader)
				|| Boolean.FALSE.equals(Binder.get(environment).bind("dora.registry.enabled", Boolean.class).orElse(null))) {
			return;
		}
		for (Map.Entry<String, DoraClientProperties.Group> group : properties.getGroups().entrySet()) {
			if (group.getValue().getEndpoints().isEmpty()) {
				String property = "dora.client.groups." + group.getKey();
				throw missing(property, "the group has no endpoints, so it would be found in the Redis registry",
						"list the group's providers in " + property + ".endpoints");
			}
		}
		String defaultGroup = properties.getDefaultGroup();
		if (defaultGroup != null && !properties.getGroups().containsKey(defaultGroup)) {
			throw missing("dora.client.default-group",
					"the default group '" + defaultGroup + "' has no endpoints, so it would be found in the Redis registry",
					"list the group's providers in dora.client.groups." + defaultGroup + ".endpoints");
		}
	}

	private static InvalidDoraConfigurationException missing(String property, String reason, String alternative) {
		return new InvalidDoraConfigurationException(property,
				reason + ", which needs Spring Data Redis, and it is not on the class path (the Dora starter does not "
						+ "bring it)",
				"Add org.springframework.boot:spring-boot-starter-data-redis to the application's dependencies and "
						+ "say where Redis is with spring.data.redis.*, or " + alternative + ".");
	}

}
