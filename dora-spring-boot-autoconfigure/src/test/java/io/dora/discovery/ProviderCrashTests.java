package io.dora.discovery;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import io.dora.DoraException;
import io.dora.client.DoraClientException;
import io.dora.client.DoraTemplate;
import io.dora.client.connection.DoraConnectionManager;
import io.dora.discovery.redis.RedisServiceDiscovery;
import io.dora.protocol.DoraCodes;
import io.dora.test.Await;
import io.dora.test.ProviderProcess;
import io.dora.test.RedisServerProcess;
import org.junit.jupiter.api.Test;

import org.springframework.context.ConfigurableApplicationContext;

import static io.dora.test.DoraTestApplications.awaitProviders;
import static io.dora.test.DoraTestApplications.consumer;
import static io.dora.test.DoraTestApplications.provider;
import static io.dora.test.DoraTestApplications.providerProperties;
import static io.dora.test.DoraTestApplications.redisDiscovery;
import static io.dora.test.DoraTestApplications.template;
import static io.dora.test.DoraTestApplications.whoAnswers;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A provider process killed with SIGKILL, which deregisters nothing: it leaves consumers' views within the TTL by
 * itself, calls that never reached it fail over to the survivor, and a call in flight on it fails with a clear
 * code.
 */
class ProviderCrashTests {

	/** The TTL {@link io.dora.test.DoraTestApplications#common} sets. */
	private static final Duration TTL = Duration.ofSeconds(1);

	private final String prefix = "dora-test-" + UUID.randomUUID().toString().substring(0, 8);

	@Test
	void killedProviderLeavesViewsWithinTheTtlWhileCallsSucceedOnTheSurvivor() throws Exception {
		try (RedisServerProcess redis = RedisServerProcess.obtain();
				ConfigurableApplicationContext survivor = provider(redis, this.prefix, "survivor", "g1");
				ProviderProcess victim = ProviderProcess.start("victim",
						providerProperties(redis, this.prefix, "victim", "g1"));
				ConfigurableApplicationContext consumer = consumer(redis, this.prefix,
						"dora.client.load-balancer=round-robin", "dora.client.retries=0")) {
			awaitProviders(consumer, "g1", 2);
			RedisServiceDiscovery discovery = redisDiscovery(consumer);
			DoraConnectionManager connections = consumer.getBean(DoraConnectionManager.class);
			DoraTemplate group = template(consumer).withGroup("g1");
			assertThat(whoAnswers(group, 4)).containsOnlyKeys("survivor", "victim");
			String victimKey = this.prefix + ":{g1}:instance:" + discovery.view("g1").instances().stream()
				.filter((instance) -> instance.endpoint().toString().equals(victim.endpoint()))
				.findFirst().orElseThrow().id();
			assertThat(redis.command("EXISTS", victimKey)).isEqualTo("1");

			CompletableFuture<String> inFlight = template(consumer).withAddress(victim.endpoint())
				.withTimeout(Duration.ofSeconds(30))
				.callAsync("/sleep", 20_000, String.class);
			Await.until("a call in flight on the victim",
					() -> connections.inFlight(DoraEndpoint.parse(victim.endpoint())) == 1);

			// Calls started once the client saw the victim's connection drop must all succeed; calls already
			// written to it when it died may fail, with 100012.
			AtomicLong connectionGoneAt = new AtomicLong(Long.MAX_VALUE);
			List<String> failuresAfterDrop = Collections.synchronizedList(new ArrayList<>());
			List<Integer> codesBeforeDrop = Collections.synchronizedList(new ArrayList<>());
			AtomicInteger calls = new AtomicInteger();
			AtomicBoolean stop = new AtomicBoolean();
			List<CompletableFuture<Void>> callers = new ArrayList<>();
			for (int i = 0; i < 3; i++) {
				callers.add(CompletableFuture.runAsync(() -> {
					while (!stop.get()) {
						long started = System.nanoTime();
						try {
							assertThat(group.call("/whoami", null, String.class)).isEqualTo("survivor");
							calls.incrementAndGet();
						}
						catch (AssertionError ex) {
							// The victim answered before it was killed.
						}
						catch (DoraException ex) {
							if (started - connectionGoneAt.get() > 0) {
								failuresAfterDrop.add(ex.toString());
							}
							else {
								codesBeforeDrop.add(ex.getCode());
							}
						}
					}
				}));
			}
			long killedAt = System.nanoTime();
			victim.kill();
			assertThat(victim.isAlive()).isFalse();
			Await.until("the client saw the victim's connection drop", () -> connections.openConnections() == 1);
			connectionGoneAt.set(System.nanoTime());

			assertThat(failureCode(inFlight)).isEqualTo(DoraCodes.CONNECTION_CLOSED);
			Await.until("the victim left the consumer's view", Duration.ofSeconds(10),
					() -> discovery.view("g1").instances().size() == 1, () -> discovery.view("g1").toString());
			Duration gone = Duration.ofNanos(System.nanoTime() - killedAt);
			// Its record expires at most one TTL after its last heartbeat; the consumer re-reads right then.
			assertThat(gone).isLessThan(TTL.plusMillis(500));
			int callsAtGone = calls.get();
			Await.until("calls after the victim left", () -> calls.get() > callsAtGone + 50);
			stop.set(true);
			CompletableFuture.allOf(callers.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
			assertThat(failuresAfterDrop).isEmpty();
			assertThat(codesBeforeDrop).allSatisfy((code) -> assertThat(code).isEqualTo(DoraCodes.CONNECTION_CLOSED));
			assertThat(redis.command("EXISTS", victimKey)).isEqualTo("0");
		}
	}

	private static int failureCode(CompletableFuture<?> call) throws InterruptedException {
		try {
			call.get(10, TimeUnit.SECONDS);
			throw new AssertionError("The call on the killed provider succeeded");
		}
		catch (ExecutionException ex) {
			assertThat(ex.getCause()).isInstanceOf(DoraClientException.class);
			return ((DoraClientException) ex.getCause()).getCode();
		}
		catch (java.util.concurrent.TimeoutException ex) {
			throw new AssertionError("The call on the killed provider did not fail", ex);
		}
	}

}
