package io.dora.sample.consumer;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import io.dora.annotation.DoraApi;
import io.dora.handler.DoraCallContext;
import io.dora.server.NettyDoraServer;
import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs the consumer's seed example against a provider started in the test and checks every call succeeded.
 */
class SampleConsumerApplicationTests {

	private static final String SECRET = "sample-test-secret-0123456789";

	@Test
	void seedExampleSucceedsInEveryMode() {
		try (ConfigurableApplicationContext provider = new SpringApplicationBuilder(StubProvider.class)
			.web(WebApplicationType.NONE)
			.run("--dora.server.port=0", "--dora.server.control.enabled=true", "--dora.registry.enabled=false",
					"--spring.main.banner-mode=off", "--dora.security.keys.demo=" + SECRET)) {
			int port = provider.getBean(NettyDoraServer.class).port();
			PrintStream original = System.out;
			ByteArrayOutputStream captured = new ByteArrayOutputStream();
			System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
			int exitCode;
			try {
				ConfigurableApplicationContext consumer = SpringApplication.run(SampleConsumerApplication.class,
						"--dora.client.groups.group1.endpoints=127.0.0.1:" + port, "--sample.consumer.iterations=2",
						"--dora.registry.enabled=false", "--dora.security.keys.demo=" + SECRET);
				exitCode = SpringApplication.exit(consumer);
			}
			finally {
				System.setOut(original);
			}
			String output = captured.toString(StandardCharsets.UTF_8);
			assertThat(output).contains("DEMO OK").contains("allresult: 2 async results").contains("max:");
			assertThat(output).contains("\"api\":\"/module_c/dd1\"").contains("\"api\":\"/module_b/oakdfff1\"");
			assertThat(output).contains("getStat: {").contains("\"connection_num\":1");
			assertThat(exitCode).isZero();
		}
	}

	/** Serves every name the way the sample provider does, without depending on it. */
	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	@Import(StubProvider.Handlers.class)
	static class StubProvider {

		static class Handlers {

			@DoraApi("/**")
			Map<String, Object> any(Map<String, Object> param, DoraCallContext context) {
				Map<String, Object> answer = new LinkedHashMap<>();
				answer.put("api", context.apiName());
				answer.put("param", param);
				return answer;
			}

			@DoraApi("/module_x/refuse")
			Object refuse() {
				throw new io.dora.DoraException(4001, "refused");
			}

		}

	}

}
