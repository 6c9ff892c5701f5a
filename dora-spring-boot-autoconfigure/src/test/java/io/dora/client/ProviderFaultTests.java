package io.dora.client;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import io.dora.DoraException;
import io.dora.client.connection.DoraClientStats;
import io.dora.client.connection.DoraConnectionManager;
import io.dora.discovery.DoraEndpoint;
import io.dora.protocol.DoraCodes;
import io.dora.test.Await;
import io.dora.test.DoraTestApplications;
import io.dora.test.ProviderProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A provider in a child JVM frozen with SIGSTOP and killed with SIGKILL while a consumer calls a static group of it
 * and a survivor in this JVM. The two tests share the child, which costs seconds to start: the stall leaves it
 * healthy, and the kill comes last.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ProviderFaultTests {

	private ProviderProcess flaky;

	private ConfigurableApplicationContext survivor;

	private DoraEndpoint flakyEndpoint;

	@BeforeAll
	void startProviders() throws Exception {
		this.flaky = ProviderProcess.start("flaky", List.of("dora.server.port=0", "dora.server.address=127.0.0.1",
				"dora.registry.enabled=false", "test.provider.name=flaky"));
		this.flakyEndpoint = DoraEndpoint.parse(this.flaky.endpoint());
		this.survivor = DoraTestApplications.run(DoraTestApplications.ProviderApplication.class,
				List.of("dora.server.port=0", "dora.server.address=127.0.0.1", "dora.registry.enabled=false",
						"dora.server.business-threads=512", "test.provider.name=survivor"));
	}

	@AfterAll
	void stopProviders() {
		if (this.survivor != null) {
			this.survivor.close();
		}
		if (this.flaky != null) {
			this.flaky.close();
		}
	}

	private ConfigurableApplicationContext consumer(String... properties) {
		List<String> all = new ArrayList<>(List.of("dora.registry.enabled=false",
				"dora.client.load-balancer=round-robin", "dora.client.retries=0", "dora.client.default-group=g1",
				"dora.client.groups.g1.endpoints=" + this.flaky.endpoint() + ","
						+ DoraTestApplications.endpoint(this.survivor)));
		all.addAll(List.of(properties));
		return DoraTestApplications.run(DoraTestApplications.ConsumerApplication.class, all);
	}

	@Test
	@Order(1)
	void stalledProviderTimesOutOnTimeIsTakenOutOfRotationAndComesBackAfterResume() throws Exception {
		Duration timeout = Duration.ofSeconds(1);
		try (ConfigurableApplicationContext consumer = consumer("dora.client.timeout=" + timeout.toMillis() + "ms",
				"dora.client.ejection.failure-threshold=3", "dora.client.ejection.base-time=3s",
				"dora.client.max-pending-calls=200")) {
			DoraTemplate dora = DoraTestApplications.template(consumer);
			EndpointHealth health = consumer.getBean(EndpointHealth.class);
			DoraConnectionManager connections = consumer.getBean(DoraConnectionManager.class);
			// The first calls to a fresh JVM may be slow; only calls to the frozen one are to time out.
			DoraTemplate patient = dora.withTimeout(Duration.ofSeconds(10));
			assertThat(DoraTestApplications.whoAnswers(patient, 4)).containsOnlyKeys("flaky", "survivor");

			Queue<Outcome> outcomes = new ConcurrentLinkedQueue<>();
			AtomicLong ejectedAt = new AtomicLong(Long.MAX_VALUE);
			AtomicBoolean stop = new AtomicBoolean();
			ExecutorService callers = Executors.newFixedThreadPool(4);
			List<Integer> floodCodes = new ArrayList<>();
			AtomicInteger maxPending = new AtomicInteger();
			this.flaky.suspend();
			try {
				for (int i = 0; i < 4; i++) {
					callers.submit(() -> {
						while (!stop.get()) {
							outcomes.add(Outcome.of(() -> dora.call("/whoami", null, String.class)));
						}
					});
				}
				Await.until("the stalled provider taken out of rotation",
						() -> health.isEjected(this.flakyEndpoint));
				ejectedAt.set(System.nanoTime());
				Await.until("calls after the ejection",
						() -> outcomes.stream().filter((o) -> o.start > ejectedAt.get()).count() >= 40);

				// A caller firing async calls at the frozen provider: a bounded number waits, the rest are refused.
				DoraTemplate direct = dora.withAddress(this.flaky.endpoint());
				List<CompletableFuture<String>> flood = new ArrayList<>();
				for (int i = 0; i < 2_000; i++) {
					flood.add(direct.callAsync("/whoami", null, String.class));
					maxPending.accumulateAndGet(connections.inFlight(this.flakyEndpoint), Math::max);
				}
				for (CompletableFuture<String> call : flood) {
					floodCodes.add(Outcome.of(() -> call.get(10, TimeUnit.SECONDS)).code);
				}
			}
			finally {
				stop.set(true);
				callers.shutdown();
				assertThat(callers.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
				this.flaky.resume();
			}

			assertThat(outcomes.stream().filter((o) -> o.code != 0)).isNotEmpty().allSatisfy((o) -> {
				assertThat(o.code).isEqualTo(DoraCodes.TIMEOUT);
				assertThat(o.elapsed()).isBetween(timeout, timeout.plusSeconds(1));
			});
			assertThat(outcomes.stream().filter((o) -> o.start > ejectedAt.get()))
				.allSatisfy((o) -> assertThat(o.answer).isEqualTo("survivor"));
			assertThat(maxPending.get()).isLessThanOrEqualTo(200);
			assertThat(floodCodes).containsOnly(DoraCodes.TIMEOUT, DoraCodes.TOO_MANY_PENDING);

			// Resumed, it answers what waited for it; those replies are late and dropped, never misdelivered.
			long timeouts = consumer.getBean(DoraClientStats.class).timeouts();
			DoraClientStats stats = consumer.getBean(DoraClientStats.class);
			Await.until("late replies counted", () -> stats.lateReplies() + stats.unknownReplies() == timeouts,
					() -> stats.snapshot().toString());
			Await.until("the resumed provider back in rotation", Duration.ofSeconds(20),
					() -> "flaky".equals(patient.call("/whoami", null, String.class)));
			assertThat(health.isEjected(this.flakyEndpoint)).isFalse();
			assertThat(DoraTestApplications.whoAnswers(patient, 4)).containsOnlyKeys("flaky", "survivor");
		}
	}

	@Test
	@Order(2)
	void killedProviderFailsItsCallsWithACodeAndCallsNotSentGoToTheSurvivor() throws Exception {
		Duration timeout = Duration.ofSeconds(5);
		try (ConfigurableApplicationContext consumer = consumer("dora.client.timeout=" + timeout.toMillis() + "ms")) {
			DoraTemplate dora = DoraTestApplications.template(consumer);
			DoraConnectionManager connections = consumer.getBean(DoraConnectionManager.class);
			assertThat(DoraTestApplications.whoAnswers(dora, 4)).containsOnlyKeys("flaky", "survivor");

			List<Timed> calls = new ArrayList<>();
			for (int i = 0; i < 1_000; i++) {
				calls.add(Timed.of(dora.callAsync("/sleep", 1_000, String.class)));
			}
			Await.until("calls in flight on the provider to kill",
					() -> connections.inFlight(this.flakyEndpoint) >= 400);
			int inFlightAtKill = connections.inFlight(this.flakyEndpoint);
			this.flaky.kill();

			List<Outcome> outcomes = new ArrayList<>();
			for (Timed call : calls) {
				outcomes.add(call.await(timeout.plusSeconds(5)));
			}
			assertThat(outcomes).allSatisfy((o) -> {
				assertThat(o.elapsed()).isLessThan(timeout.plusSeconds(1));
				if (o.code != 0) {
					assertThat(o.code).isEqualTo(DoraCodes.CONNECTION_CLOSED);
				}
			});
			long failed = outcomes.stream().filter((o) -> o.code != 0).count();
			assertThat(failed).isBetween(1L, (long) inFlightAtKill);
			assertThat(outcomes.stream().filter((o) -> o.code == 0).map((o) -> o.answer))
				.allSatisfy((answer) -> assertThat(answer).endsWith("slept 1000 ms"));

			// Calls made once the client saw the connection drop never reach the dead provider.
			Await.until("the client saw the connection drop", () -> connections.openConnections() == 1);
			List<Timed> after = new ArrayList<>();
			for (int i = 0; i < 500; i++) {
				after.add(Timed.of(dora.callAsync("/whoami", null, String.class)));
			}
			for (Timed call : after) {
				assertThat(call.await(timeout.plusSeconds(5)).answer).isEqualTo("survivor");
			}
		}
	}

	/** What one call got: its answer or its code, and when it started and ended. */
	record Outcome(long start, long end, String answer, int code) {

		static Outcome of(java.util.concurrent.Callable<String> call) {
			long start = System.nanoTime();
			try {
				return new Outcome(start, System.nanoTime(), call.call(), 0);
			}
			catch (java.util.concurrent.ExecutionException ex) {
				return failed(start, ex.getCause());
			}
			catch (Exception ex) {
				return failed(start, ex);
			}
		}

		private static Outcome failed(long start, Throwable failure) {
			long end = System.nanoTime();
			if (failure instanceof DoraException dora) {
				return new Outcome(start, end, null, dora.getCode());
			}
			throw new AssertionError("not a Dora failure", failure);
		}

		Duration elapsed() {
			return Duration.ofNanos(this.end - this.start);
		}

	}

	/** An async call with the time it was made and the time it completed. */
	record Timed(long start, CompletableFuture<Outcome> outcome) {

		static Timed of(CompletableFuture<String> call) {
			long start = System.nanoTime();
			return new Timed(start, call.handle((answer, failure) -> (failure == null)
					? new Outcome(start, System.nanoTime(), answer, 0)
					: Outcome.failed(start, (failure instanceof CompletionException) ? failure.getCause() : failure)));
		}

		Outcome await(Duration wait) throws Exception {
			return this.outcome.get(wait.toMillis(), TimeUnit.MILLISECONDS);
		}

	}

}
