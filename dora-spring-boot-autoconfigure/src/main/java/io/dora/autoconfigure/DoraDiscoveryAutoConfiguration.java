package io.dora.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import io.dora.client.connection.DepartedProviderConnections;
import io.dora.client.connection.DoraConnectionManager;
import io.dora.discovery.CompositeServiceDiscovery;
import io.dora.discovery.DoraServiceDiscovery;
import io.dora.discovery.StaticServiceDiscovery;
import io.dora.discovery.original.OriginalRedisServiceDiscovery;
import io.dora.discovery.original.OriginalRegistryAnnouncer;
import io.dora.discovery.original.OriginalServerList;
import io.dora.discovery.redis.DiscoverySettings;
import io.dora.discovery.redis.InstanceRecordCodec;
import io.dora.discovery.redis.RedisDeregistration;
import io.dora.discovery.redis.RedisRegistration;
import io.dora.discovery.redis.RedisRegistryKeys;
import io.dora.discovery.redis.RedisRegistryOperations;
import io.dora.discovery.redis.RedisServiceDiscovery;
import io.dora.discovery.redis.RegistrationSettings;
import io.dora.server.DoraServer;
import io.netty.bootstrap.Bootstrap;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * Auto-configuration of Dora's Redis registry, on the application's Spring Data Redis connection
 * ({@code spring.data.redis.*}): the provider's registration when a Dora server is configured, and for consumers a
 * {@link DoraServiceDiscovery} that answers static groups from {@code dora.client.groups} and every other group
 * from Redis. Runs after Spring Boot's Redis auto-configuration and before {@link DoraClientAutoConfiguration}, whose
 * static-only discovery backs off from this one. Switched off with {@code dora.registry.enabled=false}.
 */
@AutoConfiguration(after = DoraServerAutoConfiguration.class, before = DoraClientAutoConfiguration.class,
		afterName = "org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration")
@ConditionalOnClass({ StringRedisTemplate.class, JsonMapper.class })
@ConditionalOnBooleanProperty(name = "dora.registry.enabled", matchIfMissing = true)
@ConditionalOnBean(RedisConnectionFactory.class)
@EnableConfigurationProperties(DoraRegistryProperties.class)
public final class DoraDiscoveryAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	RedisRegistryOperations doraRedisRegistryOperations(RedisConnectionFactory connectionFactory,
			ObjectProvider<StringRedisTemplate> redisTemplate, DoraRegistryProperties properties) {
		StringRedisTemplate redis = redisTemplate.getIfUnique(() -> new StringRedisTemplate(connectionFactory));
		return new RedisRegistryOperations(redis, new RedisRegistryKeys(properties.getKeyPrefix()),
				new InstanceRecordCodec());
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnBean(DoraServer.class)
	static class RegistrationConfiguration {

		@Bean
		@ConditionalOnMissingBean
		RedisDeregistration doraRedisDeregistration() {
			return new RedisDeregistration();
		}

		@Bean
		@ConditionalOnMissingBean
		RedisRegistration doraRedisRegistration(RedisRegistryOperations operations,
				DoraRegistryProperties properties, Environment environment, RedisDeregistration deregistration) {
			checkTimings(properties);
			RegistrationSettings settings = new RegistrationSettings(properties.getGroups(),
					properties.getHeartbeatInterval(), properties.getTtl(), properties.getAdvertiseAddress(),
					properties.getPreferredNetworks(), properties.getInstanceId(), properties.getWeight(),
					properties.getMetadata(), environment.getProperty("spring.application.name"),
					properties.getDrainDelay());
			RedisRegistration registration = new RedisRegistration(operations, settings);
			deregistration.attach(registration);
			return registration;
		}

		/** A registration must outlive the time between two heartbeats, or it expires while the provider runs. */
		private static void checkTimings(DoraRegistryProperties properties) {
			Duration heartbeat = properties.getHeartbeatInterval();
			if (heartbeat.isNegative() || heartbeat.isZero()) {
				throw new InvalidDoraConfigurationException("dora.registry.heartbeat-interval",
						"the interval is " + print(heartbeat) + "; it must be positive",
						"Set dora.registry.heartbeat-interval to a positive duration, such as 5s.");
			}
			if (properties.getTtl().compareTo(heartbeat) <= 0) {
				throw new InvalidDoraConfigurationException("dora.registry.ttl",
						"the TTL (" + print(properties.getTtl()) + ") is not longer than "
								+ "dora.registry.heartbeat-interval (" + print(heartbeat)
								+ "), so registrations would expire between heartbeats",
						"Make dora.registry.ttl about three times dora.registry.heartbeat-interval, such as "
								+ print(heartbeat.multipliedBy(3)) + ".");
			}
		}

		private static String print(Duration duration) {
			return DurationStyle.SIMPLE.print(duration);
		}

	}

	/** The original-protocol port in the original's Redis keys, for the original Monitor and its PHP clients. */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnBean(DoraServer.class)
	@ConditionalOnProperty(prefix = "dora.server.original-protocol", name = { "enabled", "registry.enabled" },
			havingValue = "true")
	static class OriginalAnnouncementConfiguration {

		/** Announces the port that {@code OriginalProtocolServerInitializedEvent} says is bound. */
		@Bean
		@ConditionalOnMissingBean
		OriginalRegistryAnnouncer doraOriginalRegistryAnnouncer(RedisConnectionFactory connectionFactory,
				ObjectProvider<StringRedisTemplate> redisTemplate, DoraRegistryProperties registry,
				DoraServerProperties properties) {
			return new OriginalRegistryAnnouncer(redis(connectionFactory, redisTemplate),
					new OriginalServerList(JsonMapper.builder().build()), registry.getGroups(),
					properties.getOriginalProtocol().getRegistry().getHeartbeatInterval(),
					host(registry.getAdvertiseAddress()), registry.getPreferredNetworks());
		}

		/** The host of dora.registry.advertise-address, whose port (if any) is Dora's own. */
		private static String host(String advertiseAddress) {
			if (advertiseAddress == null || advertiseAddress.isBlank()) {
				return null;
			}
			String address = advertiseAddress.trim();
			if (address.startsWith("[")) {
				return address.substring(0, address.indexOf(']') + 1);
			}
			int colon = address.indexOf(':');
			return (colon > 0 && colon == address.lastIndexOf(':')) ? address.substring(0, colon) : address;
		}

	}

	private static StringRedisTemplate redis(RedisConnectionFactory connectionFactory,
			ObjectProvider<StringRedisTemplate> redisTemplate) {
		return redisTemplate.getIfUnique(() -> new StringRedisTemplate(connectionFactory));
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(Bootstrap.class)
	@ConditionalOnBooleanProperty(name = "dora.client.enabled", matchIfMissing = true)
	@EnableConfigurationProperties(DoraClientProperties.class)
	static class DiscoveryConfiguration {

		/**
		 * One discovery bean: the static groups first, Redis for the others. The Redis part is not a bean of its own,
		 * or it would be a second {@link DoraServiceDiscovery}.
		 */
		@Bean
		@ConditionalOnMissingBean(DoraServiceDiscovery.class)
		CompositeServiceDiscovery doraServiceDiscovery(DoraClientProperties clientProperties,
				DoraRegistryProperties properties, RedisRegistryOperations operations,
				RedisConnectionFactory connectionFactory, ObjectProvider<DoraConnectionManager> connections,
				ObjectProvider<StringRedisTemplate> redisTemplate) {
			String defaultGroup = clientProperties.getDefaultGroup();
			boolean defaultGroupInRedis = defaultGroup != null
					&& !DoraClientAutoConfiguration.staticGroups(clientProperties).containsKey(defaultGroup);
			Set<String> preload = defaultGroupInRedis ? Set.of(defaultGroup) : Set.of();
			DiscoverySettings settings = new DiscoverySettings(properties.getRefreshInterval(),
					properties.getEmptyGroupGracePeriod(), properties.getInitialLoadTimeout(), properties.getCacheFile(),
					preload);
			RedisServiceDiscovery redis = new RedisServiceDiscovery(operations, connectionFactory, settings);
			StaticServiceDiscovery fixed = new StaticServiceDiscovery(
					DoraClientAutoConfiguration.staticGroups(clientProperties));
			List<DoraServiceDiscovery> discoveries = new ArrayList<>(List.of(fixed));
			Set<String> originalGroups = originalGroupsInRedis(clientProperties);
			if (!originalGroups.isEmpty()) {
				discoveries.add(new OriginalRedisServiceDiscovery(redis(connectionFactory, redisTemplate),
						new OriginalServerList(JsonMapper.builder().build()), originalGroups,
						properties.getRefreshInterval(), () -> System.currentTimeMillis() / 1000));
			}
			discoveries.add(redis);
			CompositeServiceDiscovery discovery = new CompositeServiceDiscovery(discoveries);
			connections
				.ifAvailable((manager) -> redis.addListener(new DepartedProviderConnections(manager, discovery)));
			return discovery;
		}

		/** Groups of providers of the original protocol without fixed endpoints: found in the original's keys. */
		private static Set<String> originalGroupsInRedis(DoraClientProperties properties) {
			Set<String> groups = new LinkedHashSet<>();
			properties.getGroups().forEach((name, group) -> {
				if (group.getProtocol() == DoraClientProperties.Protocol.ORIGINAL && group.getEndpoints().isEmpty()) {
					groups.add(name);
				}
			});
			return groups;
		}

	}

}
