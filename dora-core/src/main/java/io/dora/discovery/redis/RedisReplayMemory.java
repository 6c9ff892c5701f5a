package io.dora.discovery.redis;

import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import io.dora.security.SharedReplayMemory;

import org.springframework.data.redis.connection.ReactiveRedisConnectionFactory;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * Used signatures remembered in the application's Redis: one key per signature,
 * {@code <prefix>:replay:<MAC in hex>}, written with {@code SET key 1 NX PX <lifetime>}, so the first provider to
 * see a signature records it and every later sighting, by any provider sharing the Redis or by the same one after a
 * restart, finds it. Redis expires the keys by itself. The command is sent without blocking the caller when the
 * connection factory is reactive (Lettuce, spring-boot-starter-data-redis's client); with another client it runs on
 * the caller's thread.
 */
public final class RedisReplayMemory implements SharedReplayMemory {

	private static final String MARK = "1";

	private final String prefix;

	private final ReactiveStringRedisTemplate reactive;

	private final StringRedisTemplate blocking;

	/**
	 * @param connectionFactory the application's Redis connection
	 * @param keyPrefix the prefix of every key, shared with the registry ({@code dora.registry.key-prefix})
	 */
	public RedisReplayMemory(RedisConnectionFactory connectionFactory, String keyPrefix) {
		this.prefix = keyPrefix + ":replay:";
		if (connectionFactory instanceof ReactiveRedisConnectionFactory reactiveFactory) {
			this.reactive = new ReactiveStringRedisTemplate(reactiveFactory);
			this.blocking = null;
		}
		else {
			this.reactive = null;
			this.blocking = new StringRedisTemplate(connectionFactory);
		}
	}

	/** The key a signature is remembered under. */
	public String key(byte[] mac) {
		return this.prefix + HexFormat.of().formatHex(mac);
	}

	@Override
	public CompletionStage<Boolean> firstSighting(byte[] mac, Duration lifetime) {
		String key = key(mac);
		if (this.reactive != null) {
			return this.reactive.opsForValue().setIfAbsent(key, MARK, lifetime).toFuture();
		}
		try {
			return CompletableFuture.completedFuture(this.blocking.opsForValue().setIfAbsent(key, MARK, lifetime));
		}
		catch (RuntimeException ex) {
			return CompletableFuture.failedFuture(ex);
		}
	}

}
