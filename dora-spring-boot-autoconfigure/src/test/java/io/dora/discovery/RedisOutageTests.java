package io.dora.discovery;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import io.dora.client.DoraTemplate;
import io.dora.client.NoProviderException;
import io.dora.discovery.redis.RedisRegistration;
import io.dora.discovery.redis.RedisServiceDiscovery;
import io.dora.test.Await;
import io.dora.test.RedisServerProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.context.ConfigurableApplicationContext;

import static io.dora.test.DoraTestApplications.awaitProviders;
import static io.dora.test.DoraTestApplications.consumer;
import static io.dora.test.DoraTestApplications.endpoint;
import static io.dora.test.DoraTestApplications.isRegistered;
import static io.dora.test.DoraTestApplications.provider;
import static io.dora.test.DoraTestApplications.redisDiscovery;
import static io.dora.test.DoraTestApplications.template;
import static io.dora.test.DoraTestApplications.whoAnswers;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Redis going away: calls go on from the last known views, providers register again when Redis is back (also
 * after it lost all its data), and a consumer that starts without Redis uses its cache file. Each test has a
 * private Redis, since it stops it.
 */
class RedisOutageTests {

	private final String prefix = "dora-test-" + UUID.randomUUID().toString().substring(0, 8);

	@Test
	void callsSurviveARedisRestartThatLostAllDataAndProvidersComeBack() throws Exception {
		try (RedisServerProcess redis = RedisServerProcess.startPrivate();
				ConfigurableApplicationContext a = provider(redis, this.prefix, "a", "g1");
				ConfigurableApplicationContext consumer = consumer(redis, this.prefix)) {
			awaitProviders(consumer, "g1", 1);
			RedisServiceDiscovery discovery = redisDiscovery(consumer);
			DoraTemplate group = template(consumer).withGroup("g1");
			Map<String, Integer> answers = new ConcurrentHashMap<>();
			List<String> failures = Collections.synchronizedList(new ArrayList<>());
			AtomicInteger calls = new AtomicInteger();
			AtomicBoolean stop = new AtomicBoolean();
			List<CompletableFuture<Void>> callers = new ArrayList<>();
			for (int i = 0; i < 2; i++) {
				callers.add(CompletableFuture.runAsync(() -> {
					while (!stop.get()) {
						try {
							answers.merge(group.call("/whoami", null, String.class), 1, Integer::sum);
							calls.incrementAndGet();
						}
						catch (RuntimeException ex) {
							failures.add(ex.toString());
						}
					}
				}));
			}

			redis.stop();
			Await.until("the consumer noticed the outage",
					() -> discovery.view("g1").source().contains("Redis unreachable since"),
					() -> discovery.view("g1").toString());
			int callsAtOutage = calls.get();
			Await.until("calls during the outage", () -> calls.get() > callsAtOutage + 100);
			assertThat(discovery.view("g1").instances()).extracting((i) -> i.endpoint().toString())
				.containsExactly(endpoint(a));

			try (ConfigurableApplicationContext b = provider(redis, this.prefix, "b", "g1")) {
				RedisRegistration registration = b.getBean(RedisRegistration.class);
				Await.until("b failed to register", () -> registration.failedAttempts() > 0);
				assertThat(registration.isRegistered()).isFalse();
				redis.start();
				Await.until("a registered again and b registered",
						() -> isRegistered(b) && indexed(redis, endpoint(a)) && indexed(redis, endpoint(b)));
				awaitProviders(consumer, "g1", 2);
				Await.until("b answers calls", () -> answers.containsKey("b"));
				int callsAtRecovery = calls.get();
				Await.until("calls after the recovery", () -> calls.get() > callsAtRecovery + 100);
				stop.set(true);
				CompletableFuture.allOf(callers.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
			}
			assertThat(failures).isEmpty();
			assertThat(answers).containsOnlyKeys("a", "b");
		}
	}

	@Test
	void consumerStartedWhileRedisIsDownServesFromItsCacheFile(@TempDir Path directory) throws Exception {
		Path cacheFile = directory.resolve("dora-views.json");
		String cache = "dora.registry.cache-file=" + cacheFile;
		try (RedisServerProcess redis = RedisServerProcess.startPrivate();
				ConfigurableApplicationContext a = provider(redis, this.prefix, "a", "g1")) {
			try (ConfigurableApplicationContext first = consumer(redis, this.prefix, cache)) {
				awaitProviders(first, "g1", 1);
				assertThat(whoAnswers(template(first).withGroup("g1"), 2)).containsOnlyKeys("a");
				Await.until("the cache file lists a",
						() -> Files.isRegularFile(cacheFile) && read(cacheFile).contains("\"port\" : " + port(a)));
			}
			redis.stop();
			try (ConfigurableApplicationContext second = consumer(redis, this.prefix, cache)) {
				assertThat(whoAnswers(template(second).withGroup("g1"), 10)).containsOnlyKeys("a");
				Await.until("the view says where it came from",
						() -> redisDiscovery(second).view("g1").source().contains("Redis unreachable"),
						() -> redisDiscovery(second).view("g1").toString());
				assertThat(redisDiscovery(second).view("g1").source()).contains("local cache file " + cacheFile);
			}
			try (ConfigurableApplicationContext withoutCache = consumer(redis, this.prefix,
					"dora.registry.initial-load-timeout=3s")) {
				assertThatThrownBy(() -> template(withoutCache).withGroup("g1").call("/whoami", null, String.class))
					.isInstanceOfSatisfying(NoProviderException.class, (ex) -> assertThat(ex.getMessage())
						.contains("none registered in that group", "never read: Redis unreachable"));
			}
		}
	}

	@Test
	void consumerStartedWhileRedisIsDownFindsProvidersOnceItIsBack() throws Exception {
		try (RedisServerProcess redis = RedisServerProcess.startPrivate()) {
			redis.stop();
			try (ConfigurableApplicationContext consumer = consumer(redis, this.prefix)) {
				RedisServiceDiscovery discovery = redisDiscovery(consumer);
				assertThatThrownBy(() -> template(consumer).withGroup("g1").call("/whoami", null, String.class))
					.isInstanceOf(NoProviderException.class);
				assertThat(discovery.isSubscribed("g1")).isFalse();
				redis.start();
				try (ConfigurableApplicationContext a = provider(redis, this.prefix, "a", "g1")) {
					awaitProviders(consumer, "g1", 1);
					Await.until("change notifications subscribed", () -> discovery.isSubscribed("g1"));
					assertThat(whoAnswers(template(consumer).withGroup("g1"), 3)).containsOnlyKeys("a");
				}
			}
		}
	}

	private boolean indexed(RedisServerProcess redis, String endpoint) {
		try {
			List<?> ids = (List<?>) redis.command("ZRANGE", this.prefix + ":{g1}:instances", "0", "-1");
			return ids.stream().anyMatch((id) -> id.toString().startsWith(endpoint + "-"));
		}
		catch (java.io.IOException ex) {
			return false;
		}
	}

	private static int port(ConfigurableApplicationContext provider) {
		return io.dora.test.DoraTestApplications.port(provider);
	}

	private static String read(Path file) {
		try {
			return Files.readString(file);
		}
		catch (java.io.IOException ex) {
			return "";
		}
	}

}
