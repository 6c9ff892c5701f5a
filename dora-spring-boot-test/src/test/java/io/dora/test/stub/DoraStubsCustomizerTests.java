package io.dora.test.stub;

import java.util.Map;

import io.dora.client.DoraOperations;
import io.dora.client.DoraResponse;
import io.dora.protocol.DoraCodes;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Stubs a customizer defines answer calls the application makes while it starts, and come back after each test,
 * while what a test stubbed and the calls it made are gone. The application signs its calls, so its control
 * command is answered by the stub server.
 */
@SpringBootTest(properties = { "dora.client.default-group=config",
		"dora.security.keys.test=stub-test-secret-0123456789" })
@AutoConfigureDoraStubs
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DoraStubsCustomizerTests {

	@Autowired
	private DoraOperations dora;

	@Autowired
	private DoraStubs stubs;

	@Autowired
	private StartupCall startup;

	@Test
	@Order(1)
	void customizedStubsAnswerCallsMadeAtStartUp() {
		assertThat(this.startup.answer).isEqualTo(Map.of("feature", "on"));
		assertThat(this.stubs.calls("/config/get")).hasSize(1);
		this.stubs.stub("/config/get").willReturn(Map.of("feature", "off"));
		this.stubs.stub("/extra").willReturn("extra");
		assertThat(this.dora.call("/config/get", null, Map.class)).isEqualTo(Map.of("feature", "off"));
	}

	@Test
	@Order(2)
	void afterEachTestOnlyTheCustomizedStubsRemain() {
		assertThat(this.stubs.calls()).isEmpty();
		assertThat(this.dora.call("/config/get", null, Map.class)).isEqualTo(Map.of("feature", "on"));
		assertThat(this.dora.exchange("/extra", null).getResult().getCode()).isEqualTo(DoraCodes.API_NOT_FOUND);
	}

	@Test
	@Order(3)
	void signedControlCommandsAreAnsweredWithTheStubServersFigures() {
		this.dora.call("/config/get", null, Map.class);
		DoraResponse stat = this.dora.command("getStat");
		assertThat(stat.getCode()).isZero();
		@SuppressWarnings("unchecked")
		Map<String, Object> figures = stat.getResult().dataAs(Map.class);
		assertThat(figures).extractingByKey("server")
			.asInstanceOf(InstanceOfAssertFactories.MAP)
			.containsEntry("connection_num", 1);
		assertThat(this.stubs.calls()).hasSize(1);
	}

	static class StartupCall {

		volatile Object answer;

	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class Consumer {

		@Bean
		StartupCall startupCall() {
			return new StartupCall();
		}

		@Bean
		ApplicationRunner loadConfiguration(DoraOperations dora, StartupCall startup) {
			return (args) -> startup.answer = dora.call("/config/get", null, Map.class);
		}

		@Bean
		DoraStubsCustomizer configStub() {
			return (stubs) -> stubs.stub("/config/get").willReturn(Map.of("feature", "on"));
		}

	}

}
