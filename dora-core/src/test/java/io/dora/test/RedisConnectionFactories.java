package io.dora.test;

import java.util.List;

import org.springframework.data.redis.connection.RedisClusterConfiguration;
import org.springframework.data.redis.connection.RedisConfiguration;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/**
 * Started Lettuce connection factories for tests that use the registry's Redis operations without an application
 * context. Destroy them when done.
 */
public final class RedisConnectionFactories {

	private RedisConnectionFactories() {
	}

	/** Connections to one server. */
	public static LettuceConnectionFactory standalone(RedisServerProcess redis) {
		return started(new RedisStandaloneConfiguration(redis.host(), redis.port()));
	}

	/** Connections to a cluster, routed by slot. */
	public static LettuceConnectionFactory cluster(RedisCluster cluster) {
		return started(new RedisClusterConfiguration(List.of(cluster.nodesProperty().split(","))));
	}

	private static LettuceConnectionFactory started(RedisConfiguration configuration) {
		LettuceConnectionFactory connectionFactory = new LettuceConnectionFactory(configuration);
		connectionFactory.afterPropertiesSet();
		connectionFactory.start();
		return connectionFactory;
	}

}
