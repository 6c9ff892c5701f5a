package io.dora.test.stub;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.dora.DoraException;
import io.dora.client.DoraAsyncCall;
import io.dora.client.DoraOperations;
import io.dora.client.DoraRemoteException;
import io.dora.client.DoraResponse;
import io.dora.discovery.DoraServiceDiscovery;
import io.dora.discovery.redis.RedisRegistration;
import io.dora.protocol.ApiCall;
import io.dora.protocol.CallMode;
import io.dora.protocol.DoraCodes;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.core.ParameterizedTypeReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * A consumer's calls, in every mode, answered by stubs through the real client and protocol, without Redis (whose
 * auto-configuration is on the classpath) and without a provider.
 */
@SpringBootTest(properties = "dora.client.default-group=users")
@AutoConfigureDoraStubs
class DoraStubsTests {

	@Autowired
	private DoraOperations dora;

	@Autowired
	private DoraStubs stubs;

	@Test
	void answersWithTheStubbedData() {
		this.stubs.stub("/user/get").willReturn(new User(7, "Ann"));
		assertThat(this.dora.call("/user/get", new UserQuery(7), User.class)).isEqualTo(new User(7, "Ann"));
		assertThat(this.stubs.calls("/user/get")).singleElement().satisfies((call) -> {
			assertThat(call.mode()).isEqualTo(CallMode.SYNC);
			assertThat(call.param(UserQuery.class)).isEqualTo(new UserQuery(7));
			assertThat(call.key()).isEqualTo("one");
		});
	}

	@Test
	void computesAnswersFromTheCall() {
		this.stubs.stub("/user/{id}").willAnswer((call) -> "user " + call.api().substring("/user/".length()));
		assertThat(this.dora.call("/user/42", null, String.class)).isEqualTo("user 42");
		this.stubs.stub("/user/list")
			.willAnswer((call) -> List.of(new User(1, "a"), new User(call.param(Integer.class), "b")));
		assertThat(this.dora.call("/user/list", 2, new ParameterizedTypeReference<List<User>>() {
		})).containsExactly(new User(1, "a"), new User(2, "b"));
	}

	@Test
	void theStubAddedLastThatMatchesAnswers() {
		this.stubs.stub("/user/get").willReturn("exact");
		this.stubs.stub("/user/**").willReturn("pattern");
		assertThat(this.dora.call("/user/get", null, String.class)).isEqualTo("pattern");
		this.stubs.stub("/user/get").willReturn("exact again");
		assertThat(this.dora.call("/user/get", null, String.class)).isEqualTo("exact again");
	}

	@Test
	void answersWithAResultCode() {
		this.stubs.stub("/user/get").willFail(4004, "no such user");
		assertThatExceptionOfType(DoraRemoteException.class)
			.isThrownBy(() -> this.dora.call("/user/get", new UserQuery(1), User.class))
			.satisfies((ex) -> {
				assertThat(ex.getCode()).isEqualTo(4004);
				assertThat(ex.getMessage()).contains("no such user");
			});
	}

	@Test
	void failsLikeAHandlerThatThrows() {
		this.stubs.stub("/user/get").willThrow(new IllegalStateException("database down"));
		DoraResponse response = this.dora.exchange("/user/get", null);
		assertThat(response.getResult().getCode()).isEqualTo(DoraCodes.HANDLER_ERROR);
		assertThat(response.getResult().getMsg()).doesNotContain("database down");
	}

	@Test
	void unstubbedApisAreNotFound() {
		this.stubs.stub("/user/get").willReturn("x");
		DoraResponse response = this.dora.exchange("/order/get", null);
		assertThat(response.getResult().getCode()).isEqualTo(DoraCodes.API_NOT_FOUND);
		assertThat(response.getResult().getMsg()).contains("/order/get").contains("[/user/get]");
		assertThat(this.stubs.calls("/order/get")).hasSize(1);
	}

	@Test
	void fireAndForgetCallsAreRecordedOnceSendReturns() {
		this.stubs.stub("/audit/log").willReturn(null);
		this.dora.send("/audit/log", Map.of("event", "login"));
		assertThat(this.stubs.calls("/audit/log")).singleElement().satisfies((call) -> {
			assertThat(call.mode()).isEqualTo(CallMode.NO_RESULT);
			assertThat(call.param().path("event").asString()).isEqualTo("login");
		});
	}

	@Test
	void asyncCallsAreRecordedAndTheirResultsPushed() {
		this.stubs.stub("/report/build").willAnswer((call) -> "report " + call.param(String.class));
		DoraAsyncCall<String> submitted = this.dora.submit("/report/build", "march", String.class);
		assertThat(this.stubs.calls("/report/build")).singleElement()
			.satisfies((call) -> assertThat(call.mode()).isEqualTo(CallMode.ASYNC_RESULT));
		assertThat(submitted.await(Duration.ofSeconds(5))).isEqualTo("report march");
	}

	@Test
	void multiApiCallsAreRecordedPerEntry() {
		this.stubs.stub("/user/get").willReturn(new User(1, "Ann"));
		this.stubs.stub("/order/list").willReturn(List.of());
		Map<String, ApiCall<?>> calls = new LinkedHashMap<>();
		calls.put("user", new ApiCall<>("/user/get", new UserQuery(1)));
		calls.put("orders", new ApiCall<>("/order/list", null));
		DoraResponse response = this.dora.exchangeMulti(calls);
		assertThat(response.getResults()).containsOnlyKeys("user", "orders");
		assertThat(this.stubs.calls()).extracting(RecordedCall::key).containsExactly("user", "orders");
		assertThat(this.stubs.calls()).allSatisfy((call) -> assertThat(call.guid()).isEqualTo(response.getGuid()));
	}

	@Test
	void everyGroupResolvesToTheStubs() {
		this.stubs.stub("/**").willReturn("stubbed");
		assertThat(this.dora.call("/anything", null, String.class)).isEqualTo("stubbed");
		assertThat(this.dora.withGroup("payments").call("/anything", null, String.class)).isEqualTo("stubbed");
		assertThat(this.stubs.groups()).containsExactlyInAnyOrder("users", "payments");
	}

	@Test
	void needsNoRedis(ApplicationContext context) {
		assertThat(context.getBean(DoraServiceDiscovery.class)).isInstanceOf(StubServiceDiscovery.class);
		assertThat(context.getBeanNamesForType(RedisRegistration.class)).isEmpty();
		assertThat(context.getEnvironment().getProperty("dora.registry.enabled")).isEqualTo("false");
	}

	@Test
	void timeoutsCanBeProvoked() {
		this.stubs.stub("/slow").willAnswer((call) -> {
			Thread.sleep(1000);
			return "late";
		});
		assertThatExceptionOfType(DoraException.class)
			.isThrownBy(() -> this.dora.withTimeout(Duration.ofMillis(200)).call("/slow", null, String.class))
			.satisfies((ex) -> assertThat(ex.getCode()).isEqualTo(DoraCodes.TIMEOUT));
	}

	record UserQuery(long id) {
	}

	record User(long id, String name) {
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class Consumer {

	}

}
