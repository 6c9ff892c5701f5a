package io.dora.discovery;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.dora.protocol.DoraCodes;
import io.dora.test.Await;
import io.dora.test.ConsumerProcess;
import io.dora.test.NetworkNamespaces;
import io.dora.test.NetworkNamespaces.Host;
import io.dora.test.ProviderProcess;
import io.dora.test.RedisDeployment;
import io.dora.test.RedisServerProcess;
import org.junit.jupiter.api.Test;

import static io.dora.test.DoraTestApplications.common;
import static io.dora.test.DoraTestApplications.override;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Providers on hosts of their own: Redis, two providers and a consumer, each in a Linux network namespace with an
 * address of its own ({@link NetworkNamespaces}; needs root, and fails, never skips, without it). The providers bind
 * the wildcard address and must advertise their host's address; then one provider's link is cut while the consumer
 * calls, which looks to everyone like a frozen host: no connection is reset, nothing answers.
 */
class MultiHostDiscoveryTests {

	private static final Duration CALL_TIMEOUT = Duration.ofSeconds(1);

	private final String prefix = "dora-test-" + UUID.randomUUID().toString().substring(0, 8);

	@Test
	void providersAdvertiseTheirHostsAddressAndACutLinkTimesOutFailsOverAndComesBack() throws Exception {
		try (NetworkNamespaces network = NetworkNamespaces.create()) {
			Host redisHost = network.addHost("redis");
			Host hostA = network.addHost("a");
			Host hostB = network.addHost("b");
			Host consumerHost = network.addHost("consumer");
			try (NamespacedRedis redis = NamespacedRedis.start(redisHost)) {
				// Three JVMs start at once: it saves seconds.
				CompletableFuture<ProviderProcess> startingA = inBackground(() -> ProviderProcess.start("a",
						hostA.launcher(), providerProperties("a", redisHost)));
				CompletableFuture<ProviderProcess> startingB = inBackground(() -> ProviderProcess.start("b",
						hostB.launcher(), providerProperties("b", redisHost)));
				CompletableFuture<ConsumerProcess> startingConsumer = inBackground(() -> ConsumerProcess.start("consumer",
						consumerHost.launcher(), override(common(redisProperties(redisHost), this.prefix),
								"dora.client.timeout=" + CALL_TIMEOUT.toMillis() + "ms", "dora.client.retries=0",
								"dora.client.load-balancer=round-robin", "dora.client.ejection.failure-threshold=3",
								"dora.client.ejection.base-time=2s")));
				try (ProviderProcess a = startingA.get(90, TimeUnit.SECONDS);
						ProviderProcess b = startingB.get(90, TimeUnit.SECONDS);
						ConsumerProcess consumer = startingConsumer.get(90, TimeUnit.SECONDS)) {
					String endpointA = hostA.address() + ":" + a.port();
					String endpointB = hostB.address() + ":" + b.port();
					// Bound to the wildcard address, each advertises the one address its host has.
					Await.until("both providers in the consumer's view", Duration.ofSeconds(30),
							() -> consumer.view("g1").equals(Map.of(endpointA, "live", endpointB, "live")),
							() -> "view: " + consumer.view("g1"));

					consumer.startCalls("g1", 3);
					Await.until("both answer", () -> consumer.answersSince(0).keySet().containsAll(List.of("a", "b")));

					long cutAt = System.nanoTime();
					hostA.cutLink();
					Await.until("a taken out of rotation", () -> consumer.isEjected(endpointA));
					long ejectedAt = System.nanoTime();
					Await.until("a left the view: its record expired", () -> !consumer.view("g1").containsKey(endpointA),
							() -> "view: " + consumer.view("g1"));
					Await.until("calls after the ejection", () -> consumer.answersSince(ejectedAt).getOrDefault("b",
							0) > 50);
					assertThat(consumer.answersSince(ejectedAt)).containsOnlyKeys("b");

					long restoredAt = System.nanoTime();
					hostA.restoreLink();
					Await.until("a registered again", Duration.ofSeconds(30),
							() -> "live".equals(consumer.view("g1").get(endpointA)), () -> "view: " + consumer.view("g1"));
					Await.until("a answers again", Duration.ofSeconds(30),
							() -> consumer.answersSince(restoredAt).getOrDefault("a", 0) > 10);
					consumer.stopCalls();

					// The calls that failed were those a held when its link went down: each timed out on time.
					List<ConsumerProcess.FailedCall> failures = consumer.failures();
					assertThat(failures).isNotEmpty().allSatisfy((failure) -> {
						assertThat(failure.code()).isEqualTo(DoraCodes.TIMEOUT);
						assertThat(failure.startNanos()).isBetween(cutAt - TimeUnit.SECONDS.toNanos(1), ejectedAt);
						assertThat(failure.elapsedMillis()).isBetween(CALL_TIMEOUT.toMillis(),
								CALL_TIMEOUT.toMillis() + 1000);
					});
				}
			}
		}
	}

	/** A provider bound to the wildcard address, so that it has to choose what to advertise. */
	private List<String> providerProperties(String name, Host redisHost) {
		return override(common(redisProperties(redisHost), this.prefix), "dora.server.address=0.0.0.0",
				"dora.registry.groups=g1", "test.provider.name=" + name);
	}

	private static <T extends AutoCloseable> CompletableFuture<T> inBackground(Callable<T> start) {
		return CompletableFuture.supplyAsync(() -> {
			try {
				return start.call();
			}
			catch (Exception ex) {
				throw new IllegalStateException(ex);
			}
		});
	}

	private static RedisDeployment redisProperties(Host redisHost) {
		return () -> new String[] { "spring.data.redis.host=" + redisHost.address(), "spring.data.redis.port=6379" };
	}

	/** A Redis server on a host of its own, listening on that host's address, in a temporary directory. */
	private record NamespacedRedis(Process process, Path directory) implements AutoCloseable {

		static NamespacedRedis start(Host host) throws IOException {
			Path directory = Files.createTempDirectory("dora-redis-");
			List<String> command = new ArrayList<>(host.launcher());
			// Redis 7 (Debian's, when it is on the PATH) refuses clients from other hosts without a password unless
			// protected mode is off; the server is alone in its own network namespace.
			command.addAll(List.of(RedisServerProcess.executable().toString(), "--bind", host.address(), "--port",
					"6379", "--protected-mode", "no", "--save", "", "--appendonly", "no", "--dir", directory.toString(),
					"--daemonize", "no"));
			NamespacedRedis redis = new NamespacedRedis(new ProcessBuilder(command).redirectErrorStream(true).start(),
					directory);
			BufferedReader output = new BufferedReader(
					new InputStreamReader(redis.process.getInputStream(), StandardCharsets.UTF_8));
			StringBuilder seen = new StringBuilder();
			String line;
			while ((line = output.readLine()) != null) {
				seen.append(line).append('\n');
				if (line.contains("Ready to accept connections")) {
					Thread drain = new Thread(() -> output.lines().forEach((ignored) -> {
					}), "redis-output");
					drain.setDaemon(true);
					drain.start();
					return redis;
				}
			}
			redis.close();
			throw new IOException("redis-server on " + host + " exited: " + seen);
		}

		@Override
		public void close() throws IOException {
			try {
				this.process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			try (Stream<Path> files = Files.walk(this.directory)) {
				files.sorted(Comparator.reverseOrder()).forEach((file) -> file.toFile().delete());
			}
		}

	}

}
