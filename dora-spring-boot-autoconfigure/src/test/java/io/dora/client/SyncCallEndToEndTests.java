package io.dora.client;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.dora.DoraException;
import io.dora.client.connection.DoraClientStats;
import io.dora.client.connection.DoraConnection;
import io.dora.client.connection.DoraConnectionManager;
import io.dora.protocol.DoraCodes;
import io.dora.test.Await;
import io.dora.test.DoraTestContexts;
import io.dora.test.TestHandlers;
import io.dora.test.TestHandlers.User;
import io.dora.test.TestHandlers.UserQuery;
import org.junit.jupiter.api.Test;

import org.springframework.core.ParameterizedTypeReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Mode-0 calls over real sockets on loopback, provider and consumer in one context.
 */
class SyncCallEndToEndTests {

	@Test
	void typedCallBindsParamAndResult() {
		DoraTestContexts.provider().run((context) -> {
			DoraTemplate dora = DoraTestContexts.selfTemplate(context);
			User user = dora.call("/user/get", new UserQuery(7), User.class);
			assertThat(user).isEqualTo(new User(7, "user-7", List.of(1, 2, 3)));
			List<User> users = dora.call("/user/list", 3, new ParameterizedTypeReference<List<User>>() {
			});
			assertThat(users).extracting(User::name).containsExactly("user-0", "user-1", "user-2");
			assertThat(dora.callAsync("/user/get", Map.of("id", 9), User.class).get(5, TimeUnit.SECONDS).name())
				.isEqualTo("user-9");
		});
	}

	@Test
	void rawCallReturnsBothLevels() {
		DoraTestContexts.provider().run((context) -> {
			DoraResponse response = DoraTestContexts.selfTemplate(context)
				.exchange("/echo", Map.of("mark", 234, "foo", 1));
			assertThat(response.getCode()).isZero();
			assertThat(response.getMsg()).isEqualTo("OK");
			assertThat(response.getGuid()).hasSize(32);
			DoraResult result = response.getResult();
			assertThat(result.getCode()).isZero();
			assertThat(result.getGuid()).isEqualTo(response.getGuid());
			assertThat(result.getData()).isEqualTo(Map.of("mark", 234, "foo", 1));
		});
	}

	@Test
	void patternsServeFamiliesOfNamesAndExactPathsWin() {
		DoraTestContexts.provider().run((context) -> {
			DoraTemplate dora = DoraTestContexts.selfTemplate(context);
			assertThat(dora.call("/module_a/abc", null, String.class)).isEqualTo("exact /module_a/abc");
			assertThat(dora.call("/module_a/abc42", Map.of("mark", 1), String.class))
				.isEqualTo("pattern /module_a/** served /module_a/abc42");
			assertThat(dora.call("/user/17", null, String.class)).isEqualTo("user 17");
			assertThat(dora.call("/user/get", new UserQuery(1), User.class).id()).isEqualTo(1);
		});
	}

	@Test
	void unknownApiGetsItsOwnCode() {
		DoraTestContexts.provider().run((context) -> {
			DoraTemplate dora = DoraTestContexts.selfTemplate(context);
			assertThatThrownBy(() -> dora.call("/no/such/api", null, Object.class))
				.isInstanceOfSatisfying(DoraRemoteException.class, (ex) -> {
					assertThat(ex.getCode()).isEqualTo(DoraCodes.API_NOT_FOUND);
					assertThat(ex.isApiLevel()).isTrue();
					assertThat(ex.getMessage()).contains("/no/such/api");
				});
			DoraResponse raw = dora.exchange("/no/such/api", null);
			assertThat(raw.getCode()).isZero();
			assertThat(raw.getResult().getCode()).isEqualTo(DoraCodes.API_NOT_FOUND);
		});
	}

	@Test
	void handlerChoosesItsCodeAndOtherExceptionsRevealNothing() {
		DoraTestContexts.provider().run((context) -> {
			DoraTemplate dora = DoraTestContexts.selfTemplate(context);
			assertThatThrownBy(() -> dora.call("/fail/coded", null, Object.class))
				.isInstanceOfSatisfying(DoraException.class, (ex) -> {
					assertThat(ex.getCode()).isEqualTo(4242);
					assertThat(ex.getMessage()).isEqualTo("custom failure");
				});
			DoraResult boom = dora.exchange("/fail/boom", null).getResult();
			assertThat(boom.getCode()).isEqualTo(DoraCodes.HANDLER_ERROR);
			assertThat(boom.getMsg()).doesNotContain("secret", "IllegalStateException", "TestHandlers", "at ")
				.contains(boom.getGuid());
		});
	}

	@Test
	void wrongParameterTypeIsABadParameter() {
		DoraTestContexts.provider().run((context) -> {
			DoraResult result = DoraTestContexts.selfTemplate(context)
				.exchange("/user/get", Map.of("id", "not a number"))
				.getResult();
			assertThat(result.getCode()).isEqualTo(DoraCodes.BAD_PARAMETER);
			assertThat(result.getMsg()).doesNotContain("tools.jackson", "\tat ");
		});
	}

	@Test
	void timedOutCallFailsWith100009AndItsLateReplyIsDroppedAndCounted() {
		DoraTestContexts.provider().run((context) -> {
			TestHandlers handlers = context.getBean(TestHandlers.class);
			DoraTemplate dora = DoraTestContexts.selfTemplate(context);
			DoraClientStats stats = context.getBean(DoraClientStats.class);
			handlers.close(1);
			assertThatThrownBy(() -> dora.withTimeout(Duration.ofMillis(200)).call("/wait", "late", String.class))
				.isInstanceOfSatisfying(DoraTimeoutException.class,
						(ex) -> assertThat(ex.getCode()).isEqualTo(DoraCodes.TIMEOUT));
			assertThat(stats.lateReplies()).isZero();
			handlers.open();
			// The next call on the same connection gets its own reply, not the late one.
			assertThat(dora.call("/echo", "next", String.class)).isEqualTo("next");
			Await.until("the late reply is counted", () -> stats.lateReplies() == 1);
			assertThat(stats.unknownReplies()).isZero();
		});
	}

	@Test
	void twoHundredConcurrentCallersShareOneConnectionAndEachGetsItsOwnResult() throws Exception {
		DoraTestContexts.provider().run((context) -> {
			DoraTemplate dora = DoraTestContexts.selfTemplate(context);
			ExecutorService callers = Executors.newFixedThreadPool(200);
			try {
				List<Callable<Map<String, Object>>> calls = new ArrayList<>();
				for (int i = 0; i < 200; i++) {
					int caller = i;
					calls.add(() -> {
						Map<String, Object> last = null;
						for (int n = 0; n < 20; n++) {
							@SuppressWarnings("unchecked")
							Map<String, Object> echoed = dora.call("/echo", Map.of("caller", caller, "n", n), Map.class);
							assertThat(echoed).isEqualTo(Map.of("caller", caller, "n", n));
							last = echoed;
						}
						return last;
					});
				}
				List<Future<Map<String, Object>>> results = callers.invokeAll(calls, 60, TimeUnit.SECONDS);
				for (int i = 0; i < results.size(); i++) {
					assertThat(results.get(i).get()).containsEntry("caller", i);
				}
			}
			finally {
				callers.shutdownNow();
			}
			assertThat(context.getBean(DoraConnectionManager.class).openConnections()).isEqualTo(1);
			assertThat(context.getBean(DoraClientStats.class).unknownReplies()).isZero();
		});
	}

	@Test
	void cannotConnectIsDistinctFromTimeout() {
		DoraTestContexts.runner().run((context) -> {
			DoraTemplate dora = context.getBean(DoraTemplate.class).withAddress("127.0.0.1:1");
			assertThatThrownBy(() -> dora.call("/echo", "x", String.class))
				.isInstanceOfSatisfying(DoraClientException.class, (ex) -> {
					assertThat(ex.getCode()).isEqualTo(DoraCodes.NO_PROVIDER);
					assertThat(ex.getMessage()).contains("127.0.0.1:1");
				});
			DoraResponse raw = dora.exchange("/echo", "x");
			assertThat(raw.getCode()).isEqualTo(DoraCodes.NO_PROVIDER);
		});
	}

	@Test
	void droppedConnectionIsReopenedForLaterCalls() {
		DoraTestContexts.provider().run((context) -> {
			DoraTemplate dora = DoraTestContexts.selfTemplate(context);
			assertThat(dora.call("/echo", "first", String.class)).isEqualTo("first");
			CompletableFuture<DoraConnection> connection = context.getBean(DoraConnectionManager.class)
				.connection(io.dora.discovery.DoraEndpoint.parse("127.0.0.1:" + DoraTestContexts.port(context)));
			connection.get().close().sync();
			assertThat(dora.call("/echo", "second", String.class)).isEqualTo("second");
		});
	}

	@Test
	void compressedBodiesTravelBothWays() {
		DoraTestContexts.provider()
			.withPropertyValues("dora.server.compression.enabled=true", "dora.server.compression.threshold=1KB",
					"dora.client.compression.enabled=true", "dora.client.compression.threshold=1KB",
					"dora.server.max-frame-length=64KB", "dora.client.max-frame-length=64KB")
			.run((context) -> {
				DoraTemplate dora = DoraTestContexts.selfTemplate(context);
				// 50 KB of repetitive text compresses far below the 64 KB limit; 100 KB compresses too, but inflated it is
				// over the limit, which the provider checks.
				String repetitive = "dora ".repeat(10_000);
				assertThat(dora.call("/echo", repetitive, String.class)).isEqualTo(repetitive);
				DoraResult tooLarge = dora.exchange("/echo", "x".repeat(100_000)).getResult();
				assertThat(tooLarge).isNull();
				assertThat(dora.exchange("/echo", "x".repeat(100_000)).getCode()).isEqualTo(DoraCodes.FRAME_TOO_LARGE);
			});
	}

	@Test
	void perApiPoliciesSetTimeoutsBetweenTheViewAndTheDefault() {
		DoraTestContexts.provider()
			.withPropertyValues("dora.client.timeout=10s", "dora.client.apis.[/wait].timeout=200ms")
			.run((context) -> {
				TestHandlers handlers = context.getBean(TestHandlers.class);
				handlers.close(1);
				try {
					DoraTemplate dora = DoraTestContexts.selfTemplate(context);
					assertThatThrownBy(() -> dora.call("/wait", "policy", String.class))
						.isInstanceOf(DoraTimeoutException.class)
						.hasMessageContaining("200 ms");
					// A view's own timeout wins over the per-API policy.
					CompletableFuture<String> patient = dora.withTimeout(Duration.ofSeconds(10))
						.callAsync("/wait", "view", String.class);
					handlers.open();
					assertThat(patient.get(10, TimeUnit.SECONDS)).isEqualTo("done view");
				}
				finally {
					handlers.open();
				}
			});
	}


}
