package io.dora.client.proxy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

import io.dora.client.DoraAck;
import io.dora.client.DoraAsyncCall;
import io.dora.client.DoraCallOptions;
import io.dora.client.DoraMultiCall;
import io.dora.client.DoraMultiResult;
import io.dora.client.DoraRemoteException;
import io.dora.client.DoraResponse;
import io.dora.client.DoraTemplate;
import io.dora.client.DoraTimeoutException;
import io.dora.client.NoProviderException;
import io.dora.test.Await;
import io.dora.test.DoraTestContexts;
import io.dora.test.TestHandlers;
import io.dora.test.TestHandlers.User;
import io.dora.test.TestHandlers.UserQuery;
import org.junit.jupiter.api.Test;

import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * A {@code @DoraClient} interface over real sockets: every return type and its call mode, generic results, named
 * parameters, per-call options and failures.
 */
class DeclarativeClientEndToEndTests {

	@Test
	void waitsForTypedAndGenericResults() {
		DoraTestContexts.provider().run((context) -> {
			TestUserClient users = client(context);
			assertThat(users.get(new UserQuery(7))).isEqualTo(new User(7, "user-7", List.of(1, 2, 3)));
			List<User> list = users.list(2);
			assertThat(list).extracting(User::name).containsExactly("user-0", "user-1");
			assertThat(list.get(1)).isInstanceOf(User.class);
			assertThat(users.nameOf(3)).isEqualTo("user-3");
		});
	}

	@Test
	void futuresCompleteWithoutBlockingTheCaller() {
		DoraTestContexts.provider().run((context) -> {
			TestUserClient users = client(context);
			assertThat(users.getAsync(new UserQuery(5)).get(10, TimeUnit.SECONDS).name()).isEqualTo("user-5");
			List<User> list = users.listStage(3).toCompletableFuture().get(10, TimeUnit.SECONDS);
			assertThat(list).hasSize(3).allSatisfy((user) -> assertThat(user).isInstanceOf(User.class));
		});
	}

	@Test
	void oneWayMethodsReturnOnTheAcknowledgement() {
		DoraTestContexts.provider().run((context) -> {
			TestHandlers handlers = context.getBean(TestHandlers.class);
			TestUserClient users = client(context);
			users.count("void-one-way");
			assertThat(users.countAcknowledged("acknowledged")).isSameAs(DoraAck.ACCEPTED);
			Await.until("both one-way calls executed", () -> handlers.executions.containsKey("void-one-way")
					&& handlers.executions.containsKey("acknowledged"));
			assertThat(handlers.executions.get("void-one-way").get()).isEqualTo(1);
			assertThat(handlers.executions.get("acknowledged").get()).isEqualTo(1);
		});
	}

	@Test
	void pipelinedOneWayMethodsReturnAtOnceWithTheFutureOfTheAcknowledgement() {
		DoraTestContexts.provider().run((context) -> {
			TestHandlers handlers = context.getBean(TestHandlers.class);
			TestUserClient users = client(context);
			CompletableFuture<DoraAck> future = users.countPipelined("pipelined");
			CompletionStage<DoraAck> stage = users.countPipelinedStage("pipelined-stage");
			assertThat(future.get(10, TimeUnit.SECONDS)).isSameAs(DoraAck.ACCEPTED);
			assertThat(stage.toCompletableFuture().get(10, TimeUnit.SECONDS)).isSameAs(DoraAck.ACCEPTED);
			Await.until("both pipelined calls executed", () -> handlers.executionsOf("pipelined") == 1
					&& handlers.executionsOf("pipelined-stage") == 1);
		});
	}

	@Test
	void asyncResultHandleIsReturnedBeforeTheAcknowledgement() {
		DoraTestContexts.provider().run((context) -> {
			TestUserClient users = client(context);
			DoraAsyncCall<List<User>> call = users.listLater(1);
			assertThat(call.acknowledged().get(10, TimeUnit.SECONDS)).isSameAs(DoraAck.ACCEPTED);
			assertThat(call.await(Duration.ofSeconds(10))).extracting(User::name).containsExactly("user-0");
		});
	}

	@Test
	void asyncResultIsAwaitedOrCollectedWithItsGenericType() {
		DoraTestContexts.provider().run((context) -> {
			TestUserClient users = client(context);
			DoraAsyncCall<List<User>> awaited = users.listLater(2);
			List<User> list = awaited.await(Duration.ofSeconds(10));
			assertThat(list).extracting(User::name).containsExactly("user-0", "user-1");

			DoraAsyncCall<List<User>> collected = users.listLater(1);
			collected.future().get(10, TimeUnit.SECONDS);
			Map<String, DoraResponse> results = context.getBean(DoraTemplate.class)
				.collectAsyncResults(Duration.ofSeconds(5));
			assertThat(results).containsKey(collected.getGuid());
			assertThat(results.get(collected.getGuid()).getResult().getData())
				.isEqualTo(List.of(Map.of("id", 0, "name", "user-0", "tags", List.of(0))));
		});
	}

	@Test
	void rawResponseCarriesBothLevelsOfCodes() {
		DoraTestContexts.provider().run((context) -> {
			DoraResponse response = client(context).getRaw(new UserQuery(2));
			assertThat(response.getCode()).isZero();
			assertThat(response.getResult().getData()).isEqualTo(Map.of("id", 2, "name", "user-2", "tags",
					List.of(1, 2, 3)));
		});
	}

	@Test
	void severalParametersAreGatheredIntoTheParamByName() {
		DoraTestContexts.provider().run((context) -> {
			assertThat(client(context).echoNamed("a", 2)).containsExactly(Map.entry("first", "a"),
					Map.entry("second", 2));
		});
	}

	@Test
	void perCallOptionsChooseTheProviderAndTheTimeout() {
		DoraTestContexts.provider().run((context) -> {
			// The interface names no target: without options the call has nowhere to go.
			TestUserClient users = new DoraClientProxyFactory(context.getBean(DoraTemplate.class))
				.createClient(TestUserClient.class);
			String self = "127.0.0.1:" + DoraTestContexts.port(context);
			assertThatExceptionOfType(NoProviderException.class)
				.isThrownBy(() -> users.echo("lost", DoraCallOptions.defaults()));
			assertThat(users.echo("found", DoraCallOptions.defaults().address(self))).isEqualTo("found");

			TestHandlers handlers = context.getBean(TestHandlers.class);
			handlers.close(1);
			try {
				assertThatExceptionOfType(DoraTimeoutException.class).isThrownBy(() -> users
					.waitFor(DoraCallOptions.defaults().address(self).timeout(Duration.ofMillis(300)).retries(0),
							"held"));
			}
			finally {
				handlers.open();
			}
		});
	}

	@Test
	void remoteFailuresCarryTheProvidersCode() {
		DoraTestContexts.provider().run((context) -> {
			TestUserClient users = client(context);
			assertThatExceptionOfType(DoraRemoteException.class).isThrownBy(users::fail)
				.satisfies((ex) -> assertThat(ex.getCode()).isEqualTo(4242));
			assertThatExceptionOfType(CompletionException.class).isThrownBy(() -> users.failAsync().join())
				.havingCause()
				.isInstanceOfSatisfying(DoraRemoteException.class, (ex) -> assertThat(ex.getCode()).isEqualTo(4242));
		});
	}

	@Test
	void multiCallEntriesAreCallsOfTheInterface() {
		DoraTestContexts.provider().run((context) -> {
			DoraClientMultiCall<TestUserClient> multi = new DoraClientProxyFactory(
					DoraTestContexts.selfTemplate(context))
				.multi(TestUserClient.class);
			DoraMultiCall.Key<User> user = multi.add("user", (users) -> users.get(new UserQuery(5)));
			DoraMultiCall.Key<List<User>> list = multi.add("list", TestUserClient::list, 2);
			DoraMultiCall.Key<String> failing = multi.add("failing", TestUserClient::fail);
			DoraMultiResult result = multi.execute();
			assertThat(result.keys()).containsExactly("user", "list", "failing");
			assertThat(result.get(user).name()).isEqualTo("user-5");
			assertThat(result.get(list)).extracting(User::name).containsExactly("user-0", "user-1");
			assertThat(result.result(failing.name()).getCode()).isEqualTo(4242);
			assertThatExceptionOfType(DoraRemoteException.class).isThrownBy(() -> result.get(failing))
				.satisfies((ex) -> assertThat(ex.getCode()).isEqualTo(4242));
		});
	}

	@Test
	void multiCallEntryMustBeOneCallThatReturnsItsData() {
		DoraTestContexts.provider().run((context) -> {
			DoraClientMultiCall<TestUserClient> multi = new DoraClientProxyFactory(
					DoraTestContexts.selfTemplate(context))
				.multi(TestUserClient.class);
			assertThatIllegalArgumentException()
				.isThrownBy(() -> multi.add("future", (users) -> users.getAsync(new UserQuery(1))))
				.withMessageContaining("/user/get is called in mode FUTURE");
			assertThatIllegalArgumentException().isThrownBy(() -> multi.add("none", (users) -> "no call"))
				.withMessageContaining("it called 0");
			assertThatIllegalArgumentException()
				.isThrownBy(() -> multi.add("two", (users) -> users.get(new UserQuery(1)) + users.fail()))
				.withMessageContaining("it called 2");
		});
	}

	private static TestUserClient client(ConfigurableApplicationContext context) {
		return new DoraClientProxyFactory(DoraTestContexts.selfTemplate(context)).createClient(TestUserClient.class);
	}

}
