package io.dora.security;

import java.nio.file.Path;
import java.time.Duration;

import io.dora.client.DoraClientException;
import io.dora.client.DoraTemplate;
import io.dora.client.EndpointHealth;
import io.dora.discovery.DoraEndpoint;
import io.dora.protocol.DoraCodes;
import io.dora.test.DoraTestContexts;
import io.dora.test.TestCertificates;
import io.dora.test.TestHandlers;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Mutual TLS where the provider refuses the client's certificate, under TLS 1.3 (where the client's handshake
 * completes before the provider has looked at its certificate, so the refusal arrives after the request was
 * written) and TLS 1.2 (where it arrives during the handshake). Certificates are generated for the class.
 */
class TlsRefusalEndToEndTests {

	@TempDir
	static Path directory;

	static TestCertificates certificates;

	@BeforeAll
	static void generateCertificates() {
		certificates = TestCertificates.generate(directory);
	}

	/** A provider requiring client certificates from the CA, speaking only the given TLS version. */
	static ApplicationContextRunner mutualTlsProvider(String protocol) {
		return DoraTestContexts.provider()
			.withConfiguration(AutoConfigurations.of(SslAutoConfiguration.class))
			.withPropertyValues(certificates.bundle("server", "server", "ca"))
			.withPropertyValues("spring.ssl.bundle.jks.server.options.enabled-protocols=" + protocol,
					"dora.server.ssl.bundle=server", "dora.server.ssl.client-auth=need");
	}

	static ApplicationContextRunner consumer(String keyStore, String... properties) {
		return DoraTestContexts.runner()
			.withConfiguration(AutoConfigurations.of(SslAutoConfiguration.class))
			.withPropertyValues(certificates.bundle("client", keyStore, "ca"))
			.withPropertyValues("dora.client.ssl.bundle=client")
			.withPropertyValues(properties);
	}

	@ParameterizedTest
	@ValueSource(strings = { "TLSv1.3", "TLSv1.2" })
	void refusedClientCertificateIsAConnectionFailureWithTheReason(String protocol) {
		mutualTlsProvider(protocol).run((provider) -> consumer("stranger").run((consumer) -> {
			DoraTemplate dora = consumer.getBean(DoraTemplate.class).withAddress(address(provider));
			assertThatThrownBy(() -> dora.call("/count", "stranger", Integer.class))
				.isInstanceOfSatisfying(DoraClientException.class, (ex) -> {
					assertThat(ex.getCode()).isEqualTo(DoraCodes.NO_PROVIDER);
					assertThat(ex.getMessage()).contains("refused").contains("certificate");
				});
			assertThat(provider.getBean(TestHandlers.class).executionsOf("stranger")).isZero();
		}));
	}

	@ParameterizedTest
	@ValueSource(strings = { "TLSv1.3", "TLSv1.2" })
	void everyCallFailsOverFromAProviderThatRefusesTheCertificate(String protocol) {
		ApplicationContextRunner accepting = DoraTestContexts.provider()
			.withConfiguration(AutoConfigurations.of(SslAutoConfiguration.class))
			.withPropertyValues(certificates.bundle("server", "server", "other-ca"))
			.withPropertyValues("dora.server.ssl.bundle=server", "dora.server.ssl.client-auth=need");
		mutualTlsProvider(protocol).run((refusing) -> accepting.run((accepter) -> consumer("stranger",
				"dora.client.retries=0",
				"dora.client.groups.g1.endpoints=" + address(refusing) + "," + address(accepter))
			.run((consumer) -> {
				DoraTemplate dora = consumer.getBean(DoraTemplate.class).withGroup("g1");
				for (int i = 0; i < 8; i++) {
					assertThat(dora.call("/echo", "call " + i, String.class)).isEqualTo("call " + i);
				}
				EndpointHealth health = consumer.getBean(EndpointHealth.class);
				assertThat(health.exclusion(DoraEndpoint.parse(address(refusing)))).isNotNull();
			})));
	}

	static String address(ConfigurableApplicationContext provider) {
		return "127.0.0.1:" + DoraTestContexts.port(provider);
	}

}
