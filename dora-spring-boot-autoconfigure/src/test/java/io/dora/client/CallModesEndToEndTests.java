package io.dora.client;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import io.dora.DoraException;
import io.dora.client.connection.DoraClientStats;
import io.dora.handler.DoraDispatcher;
import io.dora.protocol.ApiCall;
import io.dora.protocol.DoraCodes;
import io.dora.server.DoraServer;
import io.dora.test.Await;
import io.dora.test.DoraTestContexts;
import io.dora.test.TestHandlers;
import io.dora.test.TestHandlers.User;
import io.dora.test.TestHandlers.UserQuery;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Every call mode of the original Dora, single and multi, over real sockets: multi-API calls with partial results,
 * fire-and-forget, async results collected later, control commands and retries without duplicates.
 */
class CallModesEndToEndTests {

	@Test
	void multiCallReturnsEachEntryUnderItsKeyWithItsOwnCode() {
		DoraTestContexts.provider().run((context) -> {
			DoraTemplate dora = DoraTestContexts.selfTemplate(context);
			DoraMultiCall multi = dora.multi();
			DoraMultiCall.Key<User> user = multi.add("user", "/user/get", new UserQuery(5), User.class);
			DoraMultiCall.Key<String> echo = multi.add("echo", "/echo", "hello", String.class);
			multi.add("missing", "/no/such", null);
			multi.add("failing", "/fail/coded", null);
			DoraMultiResult result = multi.execute();
			assertThat(result.keys()).containsExactly("user", "echo", "missing", "failing");
			assertThat(result.get(user).name()).isEqualTo("user-5");
			assertThat(result.get(echo)).isEqualTo("hello");
			assertThat(result.result("missing").getCode()).isEqualTo(DoraCodes.API_NOT_FOUND);
			assertThat(result.result("failing").getCode()).isEqualTo(4242);
			assertThat(result.isAllOk()).isFalse();
			assertThatThrownBy(() -> result.get("failing", Object.class)).isInstanceOfSatisfying(
					DoraRemoteException.class, (ex) -> assertThat(ex.getCode()).isEqualTo(4242));

			Map<String, ApiCall<?>> raw = new LinkedHashMap<>();
			raw.put("oak", new ApiCall<>("/module_a/oakdf1", Map.of("dsaf", "11")));
			raw.put("cd", new ApiCall<>("/echo", Map.of("codo", "f11ds")));
			DoraResponse response = dora.exchangeMulti(raw);
			assertThat(response.getCode()).isZero();
			assertThat(response.getResults()).containsOnlyKeys("oak", "cd");
			assertThat(response.getResults().get("cd").getData()).isEqualTo(Map.of("codo", "f11ds"));
		});
	}

	@Test
	void multiCallUnderDeadlineReturnsFinishedEntriesAndTimesOutTheRest() {
		DoraTestContexts.provider().run((context) -> {
			TestHandlers handlers = context.getBean(TestHandlers.class);
			handlers.close(1);
			try {
				DoraMultiCall multi = DoraTestContexts.selfTemplate(context).multi();
				multi.add("slow", "/wait", "s", String.class);
				DoraMultiCall.Key<String> fast = multi.add("fast", "/echo", "quick", String.class);
				// Had the provider waited for the slow entry, the call would have timed out instead of returning.
				DoraMultiResult result = multi.deadline(Duration.ofSeconds(3)).execute();
				assertThat(result.get(fast)).isEqualTo("quick");
				assertThat(result.result("slow").getCode()).isEqualTo(DoraCodes.DEADLINE_EXCEEDED);
			}
			finally {
				handlers.open();
			}
		});
	}

	@Test
	void blockedEntriesOfAFanOutDoNotHoldUpTheOthers() {
		DoraTestContexts.provider().run((context) -> {
			TestHandlers handlers = context.getBean(TestHandlers.class);
			handlers.close(2);
			try {
				DoraMultiCall multi = DoraTestContexts.selfTemplate(context).multi();
				multi.add("slow1", "/wait", "1", String.class);
				multi.add("slow2", "/wait", "2", String.class);
				for (int i = 0; i < 8; i++) {
					multi.add("fast" + i, "/count", "fan-out-" + i, Integer.class);
				}
				CompletableFuture<DoraResponse> reply = multi.executeAsync();
				// Both slow entries are blocked on the gate, and the eight others ran on other business threads.
				Await.until("the slow entries start", () -> handlers.started.getCount() == 0);
				Await.until("every other entry runs while the slow ones are blocked", () -> java.util.stream.IntStream
					.range(0, 8)
					.allMatch((i) -> handlers.executionsOf("fan-out-" + i) == 1));
				assertThat(reply).isNotDone();
				handlers.open();
				DoraResponse response = reply.get(10, TimeUnit.SECONDS);
				assertThat(response.getResults()).hasSize(10)
					.allSatisfy((key, result) -> assertThat(result.getCode()).as(key).isZero());
				assertThat(response.getResults().get("slow2").getData()).isEqualTo("done 2");
			}
			finally {
				handlers.open();
			}
		});
	}

	@Test
	void tooManyEntriesInOneRequestIsRefused() {
		DoraTestContexts.provider().withPropertyValues("dora.server.max-apis-per-request=2").run((context) -> {
			DoraMultiCall multi = DoraTestContexts.selfTemplate(context).multi();
			multi.add("a", "/echo", 1).add("b", "/echo", 2).add("c", "/echo", 3);
			assertThatThrownBy(multi::execute).isInstanceOfSatisfying(DoraRemoteException.class, (ex) -> {
				assertThat(ex.getCode()).isEqualTo(DoraCodes.TOO_MANY_APIS);
				assertThat(ex.getMessage()).contains("at most 2");
			});
		});
	}

	@Test
	void tenThousandFireAndForgetCallsAreAllExecutedExactlyOnce() throws Exception {
		DoraTestContexts.provider().withPropertyValues("dora.server.queue-capacity=20000").run((context) -> {
			TestHandlers handlers = context.getBean(TestHandlers.class);
			DoraTemplate dora = DoraTestContexts.selfTemplate(context);
			ExecutorService senders = Executors.newFixedThreadPool(8);
			try {
				List<CompletableFuture<Void>> sending = new ArrayList<>();
				for (int sender = 0; sender < 8; sender++) {
					int offset = sender;
					sending.add(CompletableFuture.runAsync(() -> {
						for (int i = offset; i < 9_000; i += 8) {
							dora.send("/count", "single-" + i);
						}
					}, senders));
				}
				CompletableFuture.allOf(sending.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
			}
			finally {
				senders.shutdownNow();
			}
			for (int i = 0; i < 500; i++) {
				dora.sendMulti(Map.of("a", new ApiCall<>("/count", "multi-a-" + i), "b",
						new ApiCall<>("/count", "multi-b-" + i)));
			}
			Await.until("10 000 calls executed", () -> handlers.executions.size() == 10_000);
			assertThat(handlers.executions.values()).allSatisfy((count) -> assertThat(count.get()).isEqualTo(1));
			Await.until("nothing in flight", () -> context.getBean(DoraDispatcher.class).inFlight() == 0);
			assertThat(handlers.executions.values()).allSatisfy((count) -> assertThat(count.get()).isEqualTo(1));
		});
	}

	@Test
	void fireAndForgetIsRefusedWhenTheProviderCannotAcceptIt() {
		DoraTestContexts.provider()
			.withPropertyValues("dora.server.business-threads=1", "dora.server.queue-capacity=0")
			.run((context) -> {
				TestHandlers handlers = context.getBean(TestHandlers.class);
				DoraTemplate dora = DoraTestContexts.selfTemplate(context);
				handlers.close(1);
				try {
					dora.send("/wait", "occupying");
					assertThat(handlers.started.await(10, TimeUnit.SECONDS)).isTrue();
					assertThatThrownBy(() -> dora.send("/count", "refused")).isInstanceOfSatisfying(
							DoraRemoteException.class, (ex) -> assertThat(ex.getCode()).isEqualTo(DoraCodes.SERVER_BUSY));
					assertThat(handlers.executionsOf("refused")).isZero();
				}
				finally {
					handlers.open();
				}
			});
	}

	@Test
	void acknowledgedWorkRunsEvenWhenItWaitsLongerThanTheCallerWaitedForTheAcknowledgement() {
		DoraTestContexts.provider().withPropertyValues("dora.server.business-threads=1").run((context) -> {
			TestHandlers handlers = context.getBean(TestHandlers.class);
			DoraTemplate dora = DoraTestContexts.selfTemplate(context).withTimeout(Duration.ofMillis(200));
			handlers.close(1);
			dora.withTimeout(Duration.ofSeconds(10)).send("/wait", "occupying the only thread");
			assertThat(handlers.started.await(10, TimeUnit.SECONDS)).isTrue();
			dora.send("/count", "queued-behind");
			DoraAsyncCall<Integer> later = dora.submit("/count", "queued-async", Integer.class);
			// A call queued behind them with the same 200 ms timeout times out: the queued work has now waited
			// longer than its callers waited for their acknowledgements.
			assertThatThrownBy(() -> dora.call("/count", "timed-out-behind", Integer.class))
				.isInstanceOf(DoraTimeoutException.class);
			handlers.open();
			assertThat(later.await(Duration.ofSeconds(10))).isEqualTo(1);
			Await.until("the queued call executed", () -> handlers.executionsOf("queued-behind") == 1);
		});
	}

	@Test
	void acknowledgedFireAndForgetWorkIsFinishedBeforeShutdownCompletes() {
		DoraTestContexts.runner().run((consumer) -> DoraTestContexts.provider().run((provider) -> {
			TestHandlers handlers = provider.getBean(TestHandlers.class);
			DoraTemplate dora = consumer.getBean(DoraTemplate.class)
				.withAddress("127.0.0.1:" + DoraTestContexts.port(provider));
			handlers.close(5);
			for (int i = 0; i < 5; i++) {
				dora.send("/count-wait", "accepted-" + i);
			}
			assertThat(handlers.started.await(10, TimeUnit.SECONDS)).isTrue();
			DoraDispatcher dispatcher = provider.getBean(DoraDispatcher.class);
			CompletableFuture<Void> shutdown = CompletableFuture.runAsync(provider::close);
			Await.until("the provider stops accepting", () -> !dispatcher.isAccepting());
			assertThat(shutdown).isNotDone();
			handlers.open();
			shutdown.get(20, TimeUnit.SECONDS);
			for (int i = 0; i < 5; i++) {
				assertThat(handlers.executionsOf("accepted-" + i)).isEqualTo(1);
			}
			assertThat(dispatcher.inFlight()).isZero();
		}));
	}

	@Test
	void thousandAsyncCallsAreCollectedWithTheirOwnDataWhileSyncCallsShareTheConnection() {
		DoraTestContexts.provider().run((context) -> {
			DoraTemplate dora = DoraTestContexts.selfTemplate(context);
			Map<String, Integer> expected = new LinkedHashMap<>();
			for (int i = 0; i < 1000; i++) {
				DoraAsyncCall<Integer> call = dora.submit("/echo", i, Integer.class);
				expected.put(call.getGuid(), i);
				if (i % 50 == 0) {
					assertThat(dora.call("/echo", "sync-" + i, String.class)).isEqualTo("sync-" + i);
				}
			}
			Map<String, DoraResponse> collected = dora.collectAsyncResults(Duration.ofSeconds(20));
			assertThat(collected).hasSize(1000);
			expected.forEach((guid, value) -> {
				DoraResponse response = collected.get(guid);
				assertThat(response.getCode()).isZero();
				assertThat(response.getGuid()).isEqualTo(guid);
				assertThat(response.getResult().getCode()).isZero();
				assertThat(response.getResult().dataAs(Integer.class)).isEqualTo(value);
			});
			assertThat(dora.collectAsyncResults(Duration.ZERO)).isEmpty();
			assertThat(context.getBean(DoraClientStats.class).unknownReplies()).isZero();
		});
	}

	@Test
	void asyncHandleDeliversTypedResultAndMultiFormPushesEveryEntry() {
		DoraTestContexts.provider().run((context) -> {
			DoraTemplate dora = DoraTestContexts.selfTemplate(context);
			DoraAsyncCall<User> user = dora.submit("/user/get", new UserQuery(3), User.class);
			assertThat(user.await(Duration.ofSeconds(5)).name()).isEqualTo("user-3");
			DoraMultiCall multi = dora.multi();
			DoraMultiCall.Key<String> a = multi.add("a", "/echo", "A", String.class);
			multi.add("b", "/no/such", null);
			DoraMultiResult result = multi.submit().await(Duration.ofSeconds(5));
			assertThat(result.get(a)).isEqualTo("A");
			assertThat(result.result("b").getCode()).isEqualTo(DoraCodes.API_NOT_FOUND);
			assertThat(dora.collectAsyncResults(Duration.ZERO)).isEmpty();
			DoraAsyncCall<Object> failing = dora.submit("/fail/coded", null, Object.class);
			assertThatThrownBy(() -> failing.await(Duration.ofSeconds(5)))
				.isInstanceOfSatisfying(DoraException.class, (ex) -> assertThat(ex.getCode()).isEqualTo(4242));
		});
	}

	@Test
	void uncollectedResultsBeyondTheBoundAreEvictedAndCounted() {
		DoraTestContexts.provider().withPropertyValues("dora.client.async.max-results=10").run((context) -> {
			DoraTemplate dora = DoraTestContexts.selfTemplate(context);
			List<DoraAsyncCall<Integer>> calls = new ArrayList<>();
			for (int i = 0; i < 25; i++) {
				calls.add(dora.submit("/echo", i, Integer.class));
			}
			CompletableFuture.allOf(calls.stream().map(DoraAsyncCall::future).toArray(CompletableFuture[]::new))
				.get(10, TimeUnit.SECONDS);
			AsyncResultStore store = context.getBean(AsyncResultStore.class);
			assertThat(store.uncollected()).isEqualTo(10);
			assertThat(context.getBean(DoraClientStats.class).evictedResults()).isEqualTo(15);
			Map<String, DoraResponse> collected = dora.collectAsyncResults(Duration.ofSeconds(1));
			assertThat(collected).hasSize(10);
			// Eviction never replaced a result with another: each survivor is its own call's result, intact.
			Map<String, Integer> sent = new java.util.HashMap<>();
			for (int i = 0; i < calls.size(); i++) {
				sent.put(calls.get(i).getGuid(), i);
			}
			collected.forEach((guid, response) -> {
				assertThat(response.getCode()).isZero();
				assertThat(response.getResult().dataAs(Integer.class)).isEqualTo(sent.get(guid));
			});
		});
	}

	@Test
	void pendingAsyncResultsFailWith100012WhenTheProviderDies() {
		DoraTestContexts.runner().run((consumer) -> DoraTestContexts.provider().run((provider) -> {
			TestHandlers handlers = provider.getBean(TestHandlers.class);
			handlers.close(2);
			try {
				DoraTemplate dora = consumer.getBean(DoraTemplate.class)
					.withAddress("127.0.0.1:" + DoraTestContexts.port(provider));
				DoraAsyncCall<String> awaited = dora.submit("/wait", "through the handle", String.class);
				String collectedGuid = dora.submit("/wait", "through collect", String.class).getGuid();
				assertThat(handlers.started.await(10, TimeUnit.SECONDS)).isTrue();
				provider.getBean(DoraServer.class).stop();
				assertThatThrownBy(() -> awaited.await(Duration.ofSeconds(10))).isInstanceOfSatisfying(
						DoraException.class, (ex) -> assertThat(ex.getCode()).isEqualTo(DoraCodes.CONNECTION_CLOSED));
				Map<String, DoraResponse> collected = dora.collectAsyncResults(Duration.ofSeconds(10));
				assertThat(collected).containsOnlyKeys(collectedGuid);
				assertThat(collected.get(collectedGuid).getCode()).isEqualTo(DoraCodes.CONNECTION_CLOSED);
			}
			finally {
				handlers.open();
			}
		}));
	}

	@Test
	void retriedGuidIsExecutedOnceAndGetsTheFirstOutcome() {
		DoraTestContexts.provider().run((context) -> {
			TestHandlers handlers = context.getBean(TestHandlers.class);
			handlers.close(1);
			DoraTemplate dora = DoraTestContexts.selfTemplate(context)
				.withTimeout(Duration.ofMillis(300))
				.withRetries(5);
			CompletableFuture<Integer> call = dora.callAsync("/count-wait", "retried", Integer.class);
			assertThat(handlers.started.await(10, TimeUnit.SECONDS)).isTrue();
			// Let at least one attempt time out and be retried under the same guid.
			Await.until("an attempt timed out", () -> context.getBean(DoraClientStats.class).timeouts() >= 1);
			handlers.open();
			assertThat(call.get(10, TimeUnit.SECONDS)).isEqualTo(1);
			assertThat(handlers.executionsOf("retried")).isEqualTo(1);
		});
	}

	@Test
	void controlCommandsReportFiguresAndUnknownOnesHarmNothing() {
		DoraTestContexts.provider().withPropertyValues("dora.security.keys.k=control-secret-0123456789").run((context) -> {
			DoraTemplate dora = DoraTestContexts.selfTemplate(context);
			assertThat(dora.call("/echo", "warm", String.class)).isEqualTo("warm");
			DoraResponse stats = dora.command("getStat");
			assertThat(stats.getCode()).isZero();
			@SuppressWarnings("unchecked")
			Map<String, Object> data = (Map<String, Object>) stats.getResult().getData();
			@SuppressWarnings("unchecked")
			Map<String, Object> server = (Map<String, Object>) data.get("server");
			assertThat(server).containsKeys("connection_num", "in_flight", "queued", "uptime_ms", "request_count");
			assertThat(((Number) server.get("connection_num")).intValue()).isEqualTo(1);
			assertThat(data.get("apis")).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
				.containsKey("/echo");
			DoraResponse unknown = dora.command("dropEverything");
			assertThat(unknown.getCode()).isEqualTo(DoraCodes.UNKNOWN_COMMAND);
			assertThat(dora.call("/echo", "still fine", String.class)).isEqualTo("still fine");
			DoraResponse reload = dora.command("reloadTask");
			assertThat(reload.getCode()).isZero();
			assertThat(reload.getMsg()).contains("no effect");
		});
	}

	@Test
	void controlCommandsAreRefusedUnlessEnabled() {
		DoraTestContexts.provider()
			.withPropertyValues("dora.server.control.enabled=false", "dora.security.keys.k=control-secret-0123456789")
			.run((context) -> {
			DoraResponse response = DoraTestContexts.selfTemplate(context).command("getStat");
			assertThat(response.getCode()).isEqualTo(DoraCodes.COMMAND_DENIED);
		});
	}

}
