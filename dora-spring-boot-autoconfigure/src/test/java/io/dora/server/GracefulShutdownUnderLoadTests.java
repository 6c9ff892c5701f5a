package io.dora.server;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import io.dora.DoraException;
import io.dora.client.DoraAsyncCall;
import io.dora.client.DoraTemplate;
import io.dora.handler.DoraServerStats;
import io.dora.test.Await;
import io.dora.test.DoraTestContexts;
import io.dora.test.TestHandlers;
import org.junit.jupiter.api.Test;

import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A provider stopped gracefully while 32 callers keep it busy in every call mode, with a second provider in the
 * group and no retries: no call is lost or run twice. Calls it refuses with 100015 while draining go to the other
 * provider without a retry, and so must calls caught by the closing of its connections once drained.
 */
class GracefulShutdownUnderLoadTests {

	@Test
	void providerStoppedUnderLoadLosesNoCall() {
		DoraTestContexts.provider().run((first) -> DoraTestContexts.provider().run((second) -> DoraTestContexts.runner()
			.withPropertyValues("dora.client.retries=0", "dora.client.load-balancer=round-robin",
					"dora.client.timeout=10s", "dora.client.groups.g1.endpoints=127.0.0.1:"
							+ DoraTestContexts.port(first) + ",127.0.0.1:" + DoraTestContexts.port(second))
			.run((consumer) -> stopUnderLoad(first, second, consumer.getBean(DoraTemplate.class)))));
	}

	private void stopUnderLoad(ConfigurableApplicationContext first, ConfigurableApplicationContext second,
			DoraTemplate dora) throws Exception {
		DoraServerStats stoppingStats = first.getBean(DoraServerStats.class);
		TestHandlers stopping = first.getBean(TestHandlers.class);
		TestHandlers staying = second.getBean(TestHandlers.class);
		BusyCallers callers = new BusyCallers(dora, 32);
		try {
			Await.until("load on both providers", () -> callers.calls() > 200);
			// A call the stopping provider holds keeps its drain open while the callers run into it.
			stopping.close(1);
			CompletableFuture<Integer> held = dora.withAddress("127.0.0.1:" + DoraTestContexts.port(first))
				.callAsync("/count-wait", "held", Integer.class);
			assertThat(stopping.started.await(10, TimeUnit.SECONDS)).isTrue();
			CompletableFuture<Void> shutdown = CompletableFuture.runAsync(first::close);
			Await.until("a call answered 100015 while draining", () -> rejectedShuttingDown(stoppingStats) > 0);
			stopping.open();
			shutdown.get(30, TimeUnit.SECONDS);
			assertThat(held.get(10, TimeUnit.SECONDS)).isEqualTo(1);
			int atStop = callers.calls();
			Await.until("load after the stop", () -> callers.calls() > atStop + 200);
		}
		finally {
			callers.stop();
		}
		assertThat(callers.failures()).isEmpty();
		Await.until("acknowledged work done", () -> callers.keys()
			.stream()
			.allMatch((key) -> stopping.executionsOf(key) + staying.executionsOf(key) == 1));
	}

	private static long rejectedShuttingDown(DoraServerStats stats) {
		Map<?, ?> server = (Map<?, ?>) stats.snapshot(0, 0).get("server");
		return ((Number) server.get("rejected_shutting_down")).longValue();
	}

	/**
	 * Callers that call back to back, each in one mode: a quarter send (mode 1), a quarter submit (mode 2) and
	 * half call and wait (mode 0). Every call has its own key, so executions can be counted per call.
	 */
	private static final class BusyCallers {

		private final DoraTemplate dora;

		private final ExecutorService threads;

		private final List<Future<?>> running = new ArrayList<>();

		private final List<String> keys = Collections.synchronizedList(new ArrayList<>());

		private final Map<String, String> failures = new ConcurrentHashMap<>();

		private final Map<String, DoraAsyncCall<Integer>> submitted = new ConcurrentHashMap<>();

		private final AtomicInteger calls = new AtomicInteger();

		private final AtomicBoolean stopped = new AtomicBoolean();

		BusyCallers(DoraTemplate dora, int count) {
			this.dora = dora;
			this.threads = Executors.newFixedThreadPool(count);
			for (int caller = 0; caller < count; caller++) {
				int mode = caller % 4;
				String prefix = "caller-" + caller + "-";
				this.running.add(this.threads.submit(() -> {
					for (int n = 0; !this.stopped.get(); n++) {
						call(mode, prefix + n);
					}
				}));
			}
		}

		private void call(int mode, String key) {
			this.keys.add(key);
			try {
				if (mode == 1) {
					this.dora.send("/slow-count", key);
				}
				else if (mode == 2) {
					this.submitted.put(key, this.dora.submit("/slow-count", key, Integer.class));
				}
				else {
					Integer executions = this.dora.call("/slow-count", key, Integer.class);
					if (executions != 1) {
						this.failures.put(key, "executed " + executions + " times");
					}
				}
			}
			catch (DoraException ex) {
				this.failures.put(key, ex.toString());
			}
			this.calls.incrementAndGet();
		}

		int calls() {
			return this.calls.get();
		}

		List<String> keys() {
			synchronized (this.keys) {
				return new ArrayList<>(this.keys);
			}
		}

		/** Stops calling and collects the mode-2 results. */
		void stop() throws Exception {
			this.stopped.set(true);
			try {
				for (Future<?> caller : this.running) {
					caller.get(30, TimeUnit.SECONDS);
				}
			}
			finally {
				this.threads.shutdownNow();
			}
			this.submitted.forEach((key, call) -> {
				try {
					Integer executions = call.await(Duration.ofSeconds(30));
					if (executions != 1) {
						this.failures.put(key, "result: executed " + executions + " times");
					}
				}
				catch (DoraException ex) {
					this.failures.put(key, "result: " + ex);
				}
			});
		}

		Map<String, String> failures() {
			return this.failures;
		}

	}

}
