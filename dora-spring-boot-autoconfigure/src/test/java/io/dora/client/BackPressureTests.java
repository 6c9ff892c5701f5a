package io.dora.client;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.dora.DoraException;
import io.dora.client.connection.DoraConnectionManager;
import io.dora.discovery.DoraEndpoint;
import io.dora.handler.DoraDispatcher;
import io.dora.protocol.DoraCodes;
import io.dora.test.Await;
import io.dora.test.DoraTestContexts;
import io.dora.test.TestHandlers;
import org.junit.jupiter.api.Test;

import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Callers that produce work faster than providers can run it are slowed or refused with a code, with bounded
 * queues on both sides, and everything acknowledged runs exactly once.
 */
class BackPressureTests {

	@Test
	void producersFasterThanTheProviderAreRefusedWithBusyAndEveryAcknowledgedCallRuns() {
		DoraTestContexts.provider()
			.withPropertyValues("dora.server.business-threads=2", "dora.server.queue-capacity=50")
			.run((provider) -> DoraTestContexts.runner().run((consumer) -> {
				TestHandlers handlers = provider.getBean(TestHandlers.class);
				DoraDispatcher dispatcher = provider.getBean(DoraDispatcher.class);
				DoraEndpoint endpoint = DoraEndpoint.parse("127.0.0.1:" + DoraTestContexts.port(provider));
				DoraTemplate dora = consumer.getBean(DoraTemplate.class).withAddress(endpoint.toString());
				DoraConnectionManager connections = consumer.getBean(DoraConnectionManager.class);

				Map<String, Integer> outcomes = new ConcurrentHashMap<>();
				List<DoraAsyncCall<Integer>> submitted = new ArrayList<>();
				AtomicInteger maxQueued = new AtomicInteger();
				AtomicInteger maxPending = new AtomicInteger();
				// Both business threads are busy at first, so that the queue fills whatever the machine's speed.
				handlers.close(2);
				dora.send("/count-wait", "occupying-1");
				dora.send("/count-wait", "occupying-2");
				assertThat(handlers.started.await(10, TimeUnit.SECONDS)).isTrue();
				ExecutorService producers = Executors.newFixedThreadPool(8);
				try {
					List<Future<?>> running = new ArrayList<>();
					for (int p = 0; p < 8; p++) {
						int producer = p;
						running.add(producers.submit(() -> {
							for (int i = 0; i < 100; i++) {
								String key = producer + "-" + i;
								outcomes.put(key, produce(dora, key, (i % 2 == 0), submitted));
								maxQueued.accumulateAndGet(dispatcher.inFlight(), Math::max);
								maxPending.accumulateAndGet(connections.inFlight(endpoint), Math::max);
							}
						}));
					}
					Await.until("calls refused while the provider is occupied", () -> refused(outcomes) >= 100);
					handlers.open();
					for (Future<?> producer : running) {
						producer.get(60, TimeUnit.SECONDS);
					}
				}
				finally {
					handlers.open();
					producers.shutdownNow();
				}

				long accepted = outcomes.values().stream().filter((code) -> code == DoraCodes.ACCEPTED).count();
				System.out.printf("accepted %d of %d, at most %d admitted on the provider, %d waiting on the "
						+ "connection%n", accepted, outcomes.size(), maxQueued.get(), maxPending.get());
				assertThat(outcomes.values()).containsOnly(DoraCodes.ACCEPTED, DoraCodes.SERVER_BUSY);
				for (DoraAsyncCall<Integer> call : submitted) {
					assertThat(call.await(Duration.ofSeconds(30))).isEqualTo(1);
				}
				Await.until("acknowledged work finished", () -> dispatcher.inFlight() == 0);
				outcomes.forEach((key, code) -> assertThat(handlers.executionsOf(key)).as(key)
					.isEqualTo((code == DoraCodes.ACCEPTED) ? 1 : 0));
				assertThat(accepted).as("accepted: at least what the queue holds, not all").isBetween(50L, 700L);
				assertThat(maxQueued.get()).as("admitted on the provider").isLessThanOrEqualTo(52);
				// Mode-2 calls wait for their results: about as many as the provider admitted, whatever the volume.
				assertThat(maxPending.get()).as("waiting on the connection").isLessThanOrEqualTo(2 * 52 + 8);
			}));
	}

	private static long refused(Map<String, Integer> outcomes) {
		return outcomes.values().stream().filter((code) -> code == DoraCodes.SERVER_BUSY).count();
	}

	/** Sends or submits one call; returns 100001 when acknowledged, else the refusal's code. */
	private static int produce(DoraTemplate dora, String key, boolean fireAndForget,
			List<DoraAsyncCall<Integer>> submitted) {
		try {
			if (fireAndForget) {
				dora.send("/slow-count", key);
			}
			else {
				DoraAsyncCall<Integer> call = dora.submit("/slow-count", key, Integer.class);
				synchronized (submitted) {
					submitted.add(call);
				}
			}
			return DoraCodes.ACCEPTED;
		}
		catch (DoraException ex) {
			return ex.getCode();
		}
	}

	@Test
	void callsBeyondThePendingLimitGoToAnotherProviderThenAreRefusedUnsent() {
		DoraTestContexts.provider().run((first) -> DoraTestContexts.provider().run((second) -> {
			List<ConfigurableApplicationContext> providers = List.of(first, second);
			providers.forEach((provider) -> provider.getBean(TestHandlers.class).close(0));
			DoraTestContexts.runner()
				.withPropertyValues("dora.client.max-pending-calls=100", "dora.client.load-balancer=round-robin",
						"dora.client.timeout=30s", "dora.client.groups.g1.endpoints=127.0.0.1:"
								+ DoraTestContexts.port(first) + ",127.0.0.1:" + DoraTestContexts.port(second))
				.run((consumer) -> {
					DoraTemplate dora = consumer.getBean(DoraTemplate.class);
					List<CompletableFuture<Integer>> calls = new ArrayList<>();
					for (int i = 0; i < 1_000; i++) {
						calls.add(dora.callAsync("/count-wait", "call-" + i, Integer.class));
					}
					// The providers hold every call they got; the client lets 100 wait on each connection.
					Await.until("calls beyond the limit refused",
							() -> calls.stream().filter(CompletableFuture::isDone).count() == 800);
					for (ConfigurableApplicationContext provider : providers) {
						assertThat(consumer.getBean(DoraConnectionManager.class)
							.inFlight(DoraEndpoint.parse("127.0.0.1:" + DoraTestContexts.port(provider))))
							.isEqualTo(100);
					}
					List<CompletableFuture<Integer>> refused = calls.stream()
						.filter(CompletableFuture::isDone)
						.toList();
					assertThat(refused).hasSize(800).allSatisfy((call) -> assertThatThrownBy(call::join)
						.cause()
						.isInstanceOfSatisfying(DoraClientException.class,
								(ex) -> assertThat(ex.getCode()).isEqualTo(DoraCodes.TOO_MANY_PENDING)));
					// Async results wait on the connection too: a caller submitting more is refused as well.
					assertThatThrownBy(() -> dora.submit("/count", "one too many", Integer.class))
						.isInstanceOfSatisfying(DoraClientException.class,
								(ex) -> assertThat(ex.getCode()).isEqualTo(DoraCodes.TOO_MANY_PENDING));

					providers.forEach((provider) -> provider.getBean(TestHandlers.class).open());
					int executed = 0;
					for (int i = 0; i < calls.size(); i++) {
						CompletableFuture<Integer> call = calls.get(i);
						if (!refused.contains(call)) {
							assertThat(call.get(30, TimeUnit.SECONDS)).isEqualTo(1);
						}
						for (ConfigurableApplicationContext provider : providers) {
							executed += provider.getBean(TestHandlers.class).executionsOf("call-" + i);
						}
					}
					assertThat(executed).isEqualTo(200);
				});
		}));
	}

}
