package io.dora.discovery;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import io.dora.client.DoraClientException;
import io.dora.client.DoraTemplate;
import io.dora.client.NoProviderException;
import io.dora.client.connection.DoraConnectionManager;
import io.dora.discovery.redis.RedisRegistration;
import io.dora.discovery.redis.RedisServiceDiscovery;
import io.dora.protocol.DoraCodes;
import io.dora.test.Await;
import io.dora.test.RedisServerProcess;
import io.dora.test.TestHandlers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.context.ConfigurableApplicationContext;

import static io.dora.test.DoraTestApplications.awaitProviders;
import static io.dora.test.DoraTestApplications.consumer;
import static io.dora.test.DoraTestApplications.endpoint;
import static io.dora.test.DoraTestApplications.isDraining;
import static io.dora.test.DoraTestApplications.provider;
import static io.dora.test.DoraTestApplications.redisDiscovery;
import static io.dora.test.DoraTestApplications.template;
import static io.dora.test.DoraTestApplications.whoAnswers;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Providers and consumers in this JVM, registered in and discovered from a real Redis: routing by group, the load
 * balancing strategies, graceful shutdown and what a failed choice says.
 */
class RedisDiscoveryEndToEndTests {

	private static RedisServerProcess redis;

	private final String prefix = "dora-test-" + UUID.randomUUID().toString().substring(0, 8);

	@BeforeAll
	static void startRedis() {
		redis = RedisServerProcess.obtain();
	}

	@AfterAll
	static void stopRedis() {
		redis.close();
	}

	@Test
	void callsToAGroupReachOnlyItsProvidersInTurn() {
		try (ConfigurableApplicationContext a = provider(redis, this.prefix, "a", "g1");
				ConfigurableApplicationContext b = provider(redis, this.prefix, "b", "g1", "g3");
				ConfigurableApplicationContext c = provider(redis, this.prefix, "c", "g2");
				ConfigurableApplicationContext consumer = consumer(redis, this.prefix,
						"dora.client.load-balancer=round-robin")) {
			awaitProviders(consumer, "g1", 2);
			awaitProviders(consumer, "g2", 1);
			Map<String, Integer> g1 = whoAnswers(template(consumer).withGroup("g1"), 100);
			assertThat(g1).containsOnlyKeys("a", "b");
			// Round-robin alternates; only a call that failed over (a connection that took too long on a loaded
			// machine) moves the turn.
			assertThat(g1.get("a")).isBetween(45, 55);
			assertThat(whoAnswers(template(consumer).withGroup("g2"), 10)).containsOnlyKeys("c");
			awaitProviders(consumer, "g3", 1);
			assertThat(whoAnswers(template(consumer).withGroup("g3"), 10)).containsOnlyKeys("b");
		}
	}

	@Test
	void defaultGroupIsReadAtStartupBeforeAnyCall() {
		try (ConfigurableApplicationContext a = provider(redis, this.prefix, "a", "g1");
				ConfigurableApplicationContext consumer = consumer(redis, this.prefix, "dora.client.default-group=g1")) {
			RedisServiceDiscovery discovery = redisDiscovery(consumer);
			Await.until("g1 read without any call", () -> discovery.currentView("g1").instances().size() == 1);
			assertThat(discovery.knownGroups()).containsExactly("g1");
		}
	}

	@Test
	void randomIsTheDefaultAndSpreadsCalls() {
		try (ConfigurableApplicationContext a = provider(redis, this.prefix, "a", "g1");
				ConfigurableApplicationContext b = provider(redis, this.prefix, "b", "g1");
				ConfigurableApplicationContext consumer = consumer(redis, this.prefix)) {
			assertThat(consumer.getBean(DoraLoadBalancer.class)).isInstanceOf(RandomLoadBalancer.class);
			awaitProviders(consumer, "g1", 2);
			Map<String, Integer> answers = whoAnswers(template(consumer).withGroup("g1"), 200);
			assertThat(answers).containsOnlyKeys("a", "b");
			// Each has probability 1/2: fewer than 40 of 200 would happen about once in 10^18 runs.
			assertThat(answers.values()).allSatisfy((count) -> assertThat(count).isGreaterThan(40));
		}
	}

	@Test
	void leastInFlightAvoidsABusyProvider() throws Exception {
		try (ConfigurableApplicationContext a = provider(redis, this.prefix, "a", "g1");
				ConfigurableApplicationContext b = provider(redis, this.prefix, "b", "g1");
				ConfigurableApplicationContext consumer = consumer(redis, this.prefix,
						"dora.client.groups.g1.load-balancer=least-in-flight")) {
			awaitProviders(consumer, "g1", 2);
			TestHandlers handlers = a.getBean(TestHandlers.class);
			handlers.close(2);
			DoraTemplate toA = template(consumer).withAddress(endpoint(a));
			CompletableFuture<String> first = toA.callAsync("/wait", "1", String.class);
			CompletableFuture<String> second = toA.callAsync("/wait", "2", String.class);
			assertThat(handlers.started.await(10, TimeUnit.SECONDS)).isTrue();
			assertThat(whoAnswers(template(consumer).withGroup("g1"), 20)).containsOnlyKeys("b");
			handlers.open();
			assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo("done 1");
			assertThat(second.get(10, TimeUnit.SECONDS)).isEqualTo("done 2");
		}
	}

	@Test
	void staticGroupsWinOverRedisAndOtherGroupsComeFromRedis() {
		try (ConfigurableApplicationContext a = provider(redis, this.prefix, "a", "g1", "g2");
				ConfigurableApplicationContext b = provider(redis, this.prefix, "b", "g2");
				ConfigurableApplicationContext consumer = consumer(redis, this.prefix,
						"dora.client.groups.g2.endpoints=" + endpoint(b))) {
			assertThat(whoAnswers(template(consumer).withGroup("g2"), 20)).containsOnlyKeys("b");
			assertThat(template(consumer).withGroup("g1").call("/whoami", null, String.class)).isEqualTo("a");
			assertThat(redisDiscovery(consumer).knownGroups()).containsExactly("g1");
		}
	}

	@Test
	void noProviderNamesTheRedisKeyOfAnEmptyGroup() {
		try (ConfigurableApplicationContext consumer = consumer(redis, this.prefix)) {
			assertThatThrownBy(() -> template(consumer).withGroup("nobody").call("/echo", "x", String.class))
				.isInstanceOfSatisfying(NoProviderException.class, (ex) -> {
					assertThat(ex.getCode()).isEqualTo(DoraCodes.NO_PROVIDER);
					assertThat(ex.getMessage()).contains("group 'nobody'", "none registered in that group",
							"redis key " + this.prefix + ":{nobody}:instances, read at");
				});
		}
	}

	@Test
	void gracefullyStoppedProviderIsNotChosenOnceDrainingAndNoCallFails() throws Exception {
		ConfigurableApplicationContext b = provider(redis, this.prefix, "b", "g1");
		try (ConfigurableApplicationContext a = provider(redis, this.prefix, "a", "g1");
				ConfigurableApplicationContext consumer = consumer(redis, this.prefix)) {
			RedisServiceDiscovery discovery = redisDiscovery(consumer);
			awaitProviders(consumer, "g1", 2);
			DoraTemplate group = template(consumer).withGroup("g1");
			String bEndpoint = endpoint(b);
			// A call in flight on b when it shuts down must finish.
			TestHandlers bHandlers = b.getBean(TestHandlers.class);
			bHandlers.close(1);
			CompletableFuture<String> slow = template(consumer).withAddress(bEndpoint)
				.callAsync("/wait", "slow", String.class);
			assertThat(bHandlers.started.await(10, TimeUnit.SECONDS)).isTrue();

			AtomicLong drainingSeenAt = new AtomicLong(Long.MAX_VALUE);
			List<String> failures = Collections.synchronizedList(new ArrayList<>());
			List<String> choseBAfterDraining = Collections.synchronizedList(new ArrayList<>());
			AtomicInteger calls = new AtomicInteger();
			AtomicBoolean stop = new AtomicBoolean();
			List<CompletableFuture<Void>> callers = new ArrayList<>();
			for (int i = 0; i < 4; i++) {
				callers.add(CompletableFuture.runAsync(() -> {
					while (!stop.get()) {
						long started = System.nanoTime();
						try {
							String who = group.call("/whoami", null, String.class);
							calls.incrementAndGet();
							if ("b".equals(who) && started - drainingSeenAt.get() > 0) {
								choseBAfterDraining.add("call started " + (started - drainingSeenAt.get()) / 1000
										+ " µs after draining was seen");
							}
						}
						catch (RuntimeException ex) {
							failures.add(ex.toString());
						}
					}
				}));
			}
			Await.until("some calls made", () -> calls.get() > 50);
			CompletableFuture<Void> shutdown = CompletableFuture.runAsync(b::close);
			Await.until("consumer sees b draining", () -> {
				if (isDraining(discovery.view("g1"), bEndpoint)) {
					drainingSeenAt.compareAndSet(Long.MAX_VALUE, System.nanoTime());
					return true;
				}
				return false;
			});
			int callsAtDraining = calls.get();
			Await.until("calls made while b drains", () -> calls.get() > callsAtDraining + 50);
			bHandlers.open();
			assertThat(slow.get(10, TimeUnit.SECONDS)).isEqualTo("done slow");
			shutdown.get(30, TimeUnit.SECONDS);
			Await.until("b left the view", () -> discovery.view("g1").instances().size() == 1);
			int callsAtLeaving = calls.get();
			Await.until("calls made after b left", () -> calls.get() > callsAtLeaving + 50);
			stop.set(true);
			CompletableFuture.allOf(callers.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
			assertThat(failures).isEmpty();
			assertThat(choseBAfterDraining).isEmpty();
		}
		finally {
			b.close();
		}
	}

	@Test
	void connectionsToAProviderThatLeftItsGroupsAreClosed() {
		try (ConfigurableApplicationContext a = provider(redis, this.prefix, "a", "g1");
				ConfigurableApplicationContext b = provider(redis, this.prefix, "b", "g1");
				ConfigurableApplicationContext consumer = consumer(redis, this.prefix,
						"dora.client.load-balancer=round-robin")) {
			awaitProviders(consumer, "g1", 2);
			whoAnswers(template(consumer).withGroup("g1"), 4);
			DoraConnectionManager connections = consumer.getBean(DoraConnectionManager.class);
			assertThat(connections.openConnections()).isEqualTo(2);
			// b deregisters but keeps serving: only the consumer can close the connection.
			b.getBean(RedisRegistration.class).destroy();
			awaitProviders(consumer, "g1", 1);
			Await.until("the connection to b is closed", () -> connections.openConnections() == 1);
			assertThat(whoAnswers(template(consumer).withGroup("g1"), 4)).containsOnlyKeys("a");
		}
	}

	@Test
	void groupThatSuddenlyReadsEmptyKeepsItsProvidersForTheGracePeriod() {
		try (ConfigurableApplicationContext a = provider(redis, this.prefix, "a", "g1");
				ConfigurableApplicationContext consumer = consumer(redis, this.prefix)) {
			awaitProviders(consumer, "g1", 1);
			RedisServiceDiscovery discovery = redisDiscovery(consumer);
			// What a Redis restart that lost its data looks like to a consumer: the group is suddenly empty.
			a.getBean(RedisRegistration.class).deregister();
			Await.until("the consumer read the group empty", () -> discovery.view("g1").source().contains("read empty"),
					() -> discovery.view("g1").toString());
			long readEmptyAt = System.nanoTime();
			assertThat(whoAnswers(template(consumer).withGroup("g1"), 5)).containsOnlyKeys("a");
			Await.until("the grace period is over", () -> discovery.view("g1").instances().isEmpty());
			// The tests' grace period is 2 s.
			assertThat(Duration.ofNanos(System.nanoTime() - readEmptyAt)).isGreaterThan(Duration.ofMillis(1500));
			assertThatThrownBy(() -> template(consumer).withGroup("g1").call("/whoami", null, String.class))
				.isInstanceOfSatisfying(NoProviderException.class,
						(ex) -> assertThat(ex.getMessage()).contains("none registered in that group"));
		}
	}

	@Test
	void drainingOnlyProviderIsExplained() {
		try (ConfigurableApplicationContext a = provider(redis, this.prefix, "a", "g1");
				ConfigurableApplicationContext consumer = consumer(redis, this.prefix)) {
			awaitProviders(consumer, "g1", 1);
			RedisRegistration registration = a.getBean(RedisRegistration.class);
			CompletableFuture.runAsync(() -> registration.stop(() -> {
			}));
			RedisServiceDiscovery discovery = redisDiscovery(consumer);
			Await.until("a draining", () -> isDraining(discovery.view("g1"), endpoint(a)));
			assertThatThrownBy(() -> template(consumer).withGroup("g1").call("/echo", "x", String.class))
				.isInstanceOfSatisfying(DoraClientException.class, (ex) -> {
					assertThat(ex.getCode()).isEqualTo(DoraCodes.NO_PROVIDER);
					assertThat(ex.getMessage()).contains("1 known, all excluded", endpoint(a) + " draining",
							"redis key " + this.prefix + ":{g1}:instances");
				});
		}
	}

}
