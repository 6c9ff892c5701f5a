package io.dora.test.context;

import io.dora.annotation.DoraApi;
import io.dora.client.DoraOperations;
import io.dora.server.DoraServer;
import io.dora.server.context.LocalDoraServerPort;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A provider whose configuration fixes the Dora port (application.properties) runs on a free one in a test annotated
 * {@link RandomDoraServerPort}, and the test gets the port injected.
 */
@SpringBootTest(properties = "dora.registry.enabled=false")
@RandomDoraServerPort
class RandomDoraServerPortTests {

	@LocalDoraServerPort
	private int port;

	@Autowired
	private DoraServer server;

	@Autowired
	private DoraOperations dora;

	@Test
	void serverRunsOnTheInjectedFreePort() {
		assertThat(this.port).isPositive().isEqualTo(this.server.port());
		assertThat(this.dora.withAddress("127.0.0.1:" + this.port).call("/ping", null, String.class))
			.isEqualTo("pong");
	}

	@Nested
	class InNestedTests {

		@LocalDoraServerPort
		private int nestedPort;

		@Test
		void theSameContextAndPortAreUsed() {
			assertThat(this.nestedPort).isEqualTo(RandomDoraServerPortTests.this.port);
		}

	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class Provider {

		@Bean
		Ping ping() {
			return new Ping();
		}

	}

	static class Ping {

		@DoraApi("/ping")
		String ping() {
			return "pong";
		}

	}

}
