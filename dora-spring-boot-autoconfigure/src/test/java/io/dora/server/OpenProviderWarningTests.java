package io.dora.server;

import io.dora.test.DoraTestContexts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A provider that anyone who can reach it may call says so once at start-up, naming the properties that close it;
 * one bound to loopback, or that checks signatures, says nothing of the kind. The wildcard address is bound only
 * for the moment the context runs, and no traffic is sent.
 */
@ExtendWith(OutputCaptureExtension.class)
class OpenProviderWarningTests {

	private static final String WARNING = "runs requests from anyone who can reach it";

	@Test
	void aProviderOnEveryInterfaceWithoutKeysOrClientCertificatesWarnsOnce(CapturedOutput output) {
		DoraTestContexts.provider().run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(output.getOut().lines().filter((line) -> line.contains(WARNING))).singleElement()
				.satisfies((line) -> assertThat(line).contains("WARN")
					.contains("dora.security.keys")
					.contains("dora.server.address=127.0.0.1"));
		});
	}

	@Test
	void aProviderOnLoopbackDoesNotWarn(CapturedOutput output) {
		DoraTestContexts.provider().withPropertyValues("dora.server.address=127.0.0.1").run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(output.getOut()).contains("Dora server started on 127.0.0.1:").doesNotContain(WARNING);
		});
	}

	@Test
	void aProviderThatChecksSignaturesDoesNotWarn(CapturedOutput output) {
		DoraTestContexts.provider().withPropertyValues("dora.security.keys.k1=warning-test-secret-0123456789")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(output.getOut()).contains("signed requests only").doesNotContain(WARNING);
			});
	}

}
