package io.dora.server.original;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.dora.annotation.DoraApi;
import io.dora.protocol.DoraCodes;
import io.dora.test.DoraTestContexts;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Real PHP against the original-protocol port: {@code php/original-client-loop.php} runs the original README's
 * client loop with PHP's own {@code serialize}, {@code unserialize}, {@code crc32} and {@code gzencode}, and prints
 * what it received. {@code .ci/run} installs php-cli; on a developer machine without it the test is skipped, in CI
 * it fails.
 */
class PhpClientInteropTests {

	private static final JsonMapper MAPPER = JsonMapper.builder().build();

	@BeforeAll
	static void requirePhp() {
		boolean available;
		try {
			available = new ProcessBuilder("php", "-v").redirectErrorStream(true).start().waitFor() == 0;
		}
		catch (IOException | InterruptedException ex) {
			available = false;
		}
		Assumptions.assumeTrue(available || System.getenv("CI") != null, "php-cli is not installed");
	}

	@Test
	void aPhpClientRunsTheReadmeLoopInEveryMode() {
		provider().run((context) -> assertLoop(php(context.getBean(OriginalProtocolServer.class).port(), false, false)));
	}

	@Test
	void aPhpClientWithTheCrcSignatureAndGzipOnRunsTheLoopToo() {
		provider().withPropertyValues("dora.server.original-protocol.crc-signature=true",
				"dora.server.original-protocol.compression=true")
			.run((context) -> assertLoop(php(context.getBean(OriginalProtocolServer.class).port(), true, true)));
	}

	/** A provider whose one handler answers every name of the loop with its param. */
	private static ApplicationContextRunner provider() {
		return DoraTestContexts.runner()
			.withPropertyValues("dora.server.port=0", "dora.server.control.enabled=true",
					"dora.server.original-protocol.enabled=true", "dora.server.original-protocol.port=0",
					"dora.server.original-protocol.control-enabled=true", "dora.server.address=127.0.0.1")
			.withBean(EchoApis.class);
	}

	static class EchoApis {

		@DoraApi("/**")
		Object echo(Object param) {
			return param;
		}

	}

	private static void assertLoop(JsonNode run) {
		assertThat(run.path("rounds").size()).isEqualTo(3);
		for (int i = 0; i < 3; i++) {
			JsonNode round = run.path("rounds").get(i);
			JsonNode single = round.path("single sync");
			assertThat(single.path("code").asInt()).isZero();
			assertThat(single.path("data").path("code").asInt()).isZero();
			assertThat(single.path("data").path("data").toString())
				.isEqualTo("{\"mark\":234,\"foo\":" + i + "}");
			assertThat(round.path("single async").path("code").asInt()).isEqualTo(DoraCodes.ACCEPTED);
			assertThat(round.path("single async").path("msg").asString()).isEqualTo("transfer success.已经成功投递");
			assertThat(round.path("single async result").path("code").asInt()).isEqualTo(DoraCodes.ACCEPTED);
			assertThat(round.path("multi sync").path("data").path("oak").path("data").path("uid").asString())
				.isEqualTo("ff");
			assertThat(round.path("multi async").path("code").asInt()).isEqualTo(DoraCodes.ACCEPTED);
			JsonNode all = round.path("allresult");
			String singleGuid = round.path("single async result").path("guid").asString();
			String multiGuid = round.path("multi async result").path("guid").asString();
			assertThat(all.path(singleGuid).path("isresult").asInt()).isEqualTo(1);
			assertThat(all.path(singleGuid).path("data").path("data").path("foo").asInt()).isEqualTo(i);
			assertThat(all.path(singleGuid).path("fromwait").asInt()).as("met while waiting for the multi call")
				.isEqualTo(1);
			assertThat(all.path(multiGuid).path("data").path("cd").path("data").toString())
				.isEqualTo("{\"codo\":\"f11ds\",\"list\":[1,2.5,true,null]}");
		}
		assertThat(run.path("stat").path("data").path("server").path("connection_num").asInt()).isPositive();
	}

	/** Runs the PHP client against the port and returns what it printed. */
	private static JsonNode php(int port, boolean signed, boolean compressed) throws Exception {
		Path script = Path.of(PhpClientInteropTests.class.getResource("/php/original-client-loop.php").toURI());
		List<String> command = new ArrayList<>(List.of("php", script.toString(), Integer.toString(port), "3",
				signed ? "1" : "0", compressed ? "1" : "0"));
		Process process = new ProcessBuilder(command).start();
		byte[] out = process.getInputStream().readAllBytes();
		byte[] err = process.getErrorStream().readAllBytes();
		assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
		assertThat(process.exitValue()).as(new String(err, StandardCharsets.UTF_8)).isZero();
		return MAPPER.readTree(out);
	}

}
