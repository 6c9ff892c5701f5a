package io.dora.sample.consumer;

import java.lang.management.ManagementFactory;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.LongStream;

import javax.management.ObjectName;

import io.dora.DoraException;
import io.dora.protocol.CallMode;
import io.dora.sample.api.User;
import io.dora.test.stub.AutoConfigureDoraStubs;
import io.dora.test.stub.DoraStubs;
import io.dora.test.stub.DoraStubsCustomizer;
import io.dora.test.stub.RecordedCall;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs the consumer's seed example against Dora stubs: every call in every mode goes through the real client and
 * protocol to the stub server, which answers the way the sample provider does and records what it was sent.
 */
// Spring Boot switches JMX off in tests; the sample exposes its actuator endpoints there.
@SpringBootTest(properties = { "sample.consumer.iterations=2", "dora.security.keys.demo=sample-test-secret-0123456789",
		"spring.jmx.enabled=true" })
@AutoConfigureDoraStubs
@ExtendWith(OutputCaptureExtension.class)
class SampleConsumerApplicationTests {

	@Autowired
	private DoraStubs stubs;

	@Autowired
	private SeedClientExample example;

	@Autowired
	private ApplicationContext context;

	@Test
	void seedExampleSucceedsInEveryMode(CapturedOutput output) {
		assertThat(output).contains("DEMO OK").contains("allresult: 2 async results").contains("max:");
		assertThat(output).contains("\"api\":\"/module_c/dd1\"").contains("\"api\":\"/module_b/oakdfff1\"");
		assertThat(output).contains("typed call /module_x/refuse -> DoraException code 4001");
		assertThat(output).contains("getStat: {").contains("\"connection_num\":1");
		assertThat(output).contains("groups as this consumer sees them: {\"group1\":")
			.contains("Dora stubs (@AutoConfigureDoraStubs)")
			.contains("\"loadBalancer\":\"random\"")
			.doesNotContain("RandomLoadBalancer");
		assertThat(output).contains("UserApi.get (mode 0) -> User[id=7, name=user-7, servedBy=stub]")
			.contains("UserApi.list (mode 0, List<User>) -> [User[id=0, name=user-0, servedBy=stub], User[id=1,")
			.contains("UserApi.find (mode 0, CompletableFuture) -> User[id=8, name=user-8, servedBy=stub]")
			.contains("UserApi.audit (mode 1, @DoraOneWay): accepted")
			.contains("UserReports.listLater (mode 2, DoraAsyncCall) -> [User[id=0,");
		assertThat(this.stubs.calls("/user/audit")).singleElement().satisfies((call) -> {
			assertThat(call.mode()).isEqualTo(CallMode.NO_RESULT);
			assertThat(call.param().asString()).isEqualTo("demo-consumer-ran");
		});
		assertThat(this.stubs.calls("/user/list")).extracting(RecordedCall::mode)
			.containsExactlyInAnyOrder(CallMode.SYNC, CallMode.ASYNC_RESULT);
		assertThat(this.example.getExitCode()).isZero();
		assertThat(this.stubs.groups()).containsExactly("group1");
		assertThat(this.stubs.calls("/module_a/abc1")).singleElement()
			.satisfies((call) -> assertThat(call.mode()).isEqualTo(CallMode.SYNC));
		assertThat(this.stubs.calls("/module_b/abc1")).singleElement()
			.satisfies((call) -> assertThat(call.mode()).isEqualTo(CallMode.NO_RESULT));
		assertThat(this.stubs.calls("/module_c/abd1")).singleElement()
			.satisfies((call) -> assertThat(call.mode()).isEqualTo(CallMode.ASYNC_RESULT));
		assertThat(this.stubs.calls("/module_d/oakdf1")).singleElement().satisfies((call) -> {
			assertThat(call.mode()).isEqualTo(CallMode.NO_RESULT);
			assertThat(call.key()).isEqualTo("oak");
			assertThat(call.param().path("dsaf").asString()).isEqualTo("32111321");
		});
		assertThat(this.stubs.calls()).extracting(RecordedCall::mode)
			.containsOnly(CallMode.SYNC, CallMode.NO_RESULT, CallMode.ASYNC_RESULT);
	}

	/**
	 * The consumer runs no web server: its actuator endpoints are reachable over JMX only, which the JVM offers to
	 * local processes of the same user unless remote JMX is configured, and the sample configures none.
	 */
	@Test
	void actuatorIsOnLocalJmxOnly() throws Exception {
		assertThat(this.context).isNotInstanceOf(WebServerApplicationContext.class);
		assertThat(System.getProperty("com.sun.management.jmxremote.port")).isNull();
		ObjectName dora = new ObjectName("org.springframework.boot:type=Endpoint,name=Dora");
		assertThat(ManagementFactory.getPlatformMBeanServer().isRegistered(dora)).isTrue();
	}

	/** Answers every name the way the sample provider does; the seed example calls them while it starts. */
	@TestConfiguration(proxyBeanMethods = false)
	static class ProviderStubs {

		static User user(long id) {
			return new User(id, "user-" + id, "stub");
		}

		@Bean
		DoraStubsCustomizer sampleProviderAnswers() {
			return (stubs) -> {
				stubs.stub("/**").willAnswer((call) -> {
					Map<String, Object> answer = new LinkedHashMap<>();
					answer.put("api", call.api());
					answer.put("param", call.param());
					return answer;
				});
				stubs.stub("/module_x/refuse").willThrow(new DoraException(4001, "refused on purpose"));
				stubs.stub("/user/get").willAnswer((call) -> user(call.param().path("id").asLong()));
				stubs.stub("/user/find").willAnswer((call) -> user(call.param().path("id").asLong()));
				stubs.stub("/user/list").willAnswer(
						(call) -> LongStream.range(0, call.param().asLong()).mapToObj(ProviderStubs::user).toList());
				stubs.stub("/user/audit").willAnswer((call) -> null);
			};
		}

	}

}
