package io.dora.security;

import java.nio.file.Path;
import java.time.Duration;

import io.dora.client.DoraClientException;
import io.dora.client.DoraRemoteException;
import io.dora.client.DoraTemplate;
import io.dora.client.EndpointHealth;
import io.dora.discovery.DoraEndpoint;
import io.dora.protocol.DoraCodes;
import io.dora.autoconfigure.metrics.DoraMetricsAutoConfiguration;
import io.dora.server.DoraServer;
import io.dora.test.Await;
import io.dora.test.DoraTestContexts;
import io.dora.test.TestCertificates;
import io.dora.test.TestHandlers;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * TLS failures at the edge, on both sides, with certificates generated for the class: mutual TLS where the provider
 * refuses the client's certificate, under TLS 1.3 (where the client's handshake completes before the provider has
 * looked at its certificate, so the refusal arrives after the request was written) and TLS 1.2 (where it arrives
 * during the handshake); plain text on a TLS port and TLS on a plain port; expired and wrong-host certificates.
 */
@ExtendWith(OutputCaptureExtension.class)
class TlsEdgeEndToEndTests {

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
					assertThat(ex.getMessage()).contains("the provider refused this client's TLS certificate");
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
				"dora.client.retries=0", "dora.client.ejection.base-time=1m",
				"dora.client.groups.g1.endpoints=" + address(refusing) + "," + address(accepter))
			.run((consumer) -> {
				DoraTemplate dora = consumer.getBean(DoraTemplate.class).withGroup("g1");
				EndpointHealth health = consumer.getBean(EndpointHealth.class);
				DoraEndpoint refusingEndpoint = DoraEndpoint.parse(address(refusing));
				// Every call succeeds, and the refusals count toward ejecting the refusing provider.
				for (int i = 0; i < 8 || (health.exclusion(refusingEndpoint) == null && i < 100); i++) {
					assertThat(dora.call("/echo", "call " + i, String.class)).isEqualTo("call " + i);
				}
				assertThat(health.exclusion(refusingEndpoint)).isNotNull();
				assertThat(refusing.getBean(DoraServer.class).refusedTlsHandshakes()).isGreaterThanOrEqualTo(3);
			})));
	}

	@Test
	void refusalsAreLoggedOncePerPeerAndCounted(CapturedOutput output) {
		mutualTlsProvider("TLSv1.3").withConfiguration(AutoConfigurations.of(DoraMetricsAutoConfiguration.class))
			.withBean(SimpleMeterRegistry.class)
			.run((provider) -> consumer("stranger").run((consumer) -> {
			MeterRegistry meters = provider.getBean(MeterRegistry.class);
			provider.getBeansOfType(MeterBinder.class).values().forEach((binder) -> binder.bindTo(meters));
			assertThat(output).contains("(tls TLSv1.3, client certificate required, ");
			DoraTemplate dora = consumer.getBean(DoraTemplate.class).withAddress(address(provider));
			for (int i = 0; i < 3; i++) {
				assertThatThrownBy(() -> dora.call("/count", "stranger", Integer.class))
					.isInstanceOf(DoraClientException.class);
			}
			DoraServer server = provider.getBean(DoraServer.class);
			Await.until("three refusals counted and the first logged", () -> server.refusedTlsHandshakes() == 3
					&& output.getOut().contains("Refused a TLS connection from 127.0.0.1"));
			assertThat(output.getOut().split("Refused a TLS connection from 127.0.0.1", -1)).hasSize(2);
			assertThat(output).contains("the client sent no certificate signed by a CA this server trusts");
			assertThat(meters.get("dora.server.tls.refused").functionCounter().count())
				.isEqualTo(3);
		}));
	}

	@Test
	void plainClientOnATlsPortIsToldThePortAcceptsTlsOnly(CapturedOutput output) {
		mutualTlsProvider("TLSv1.3").run((provider) -> DoraTestContexts.runner().run((consumer) -> {
			DoraTemplate dora = consumer.getBean(DoraTemplate.class).withAddress(address(provider));
			assertThatThrownBy(() -> dora.call("/count", "plain", Integer.class))
				.isInstanceOfSatisfying(DoraRemoteException.class, (ex) -> {
					assertThat(ex.getCode()).isEqualTo(DoraCodes.MALFORMED);
					assertThat(ex.getMessage()).contains("this port accepts TLS only").contains("dora.client.ssl.bundle");
				});
			assertThat(provider.getBean(TestHandlers.class).executionsOf("plain")).isZero();
			assertThat(provider.getBean(DoraServer.class).refusedTlsHandshakes()).isEqualTo(1);
			assertThat(output).contains("the client sent plain text to the TLS port");
		}));
	}

	@Test
	void tlsClientOnAPlainPortIsToldThePortDoesNotSpeakTls() {
		DoraTestContexts.provider().run((provider) -> consumer(null).run((consumer) -> {
			DoraTemplate dora = consumer.getBean(DoraTemplate.class).withAddress(address(provider));
			assertThatThrownBy(() -> dora.call("/count", "tls", Integer.class))
				.isInstanceOfSatisfying(DoraClientException.class, (ex) -> {
					assertThat(ex.getCode()).isEqualTo(DoraCodes.NO_PROVIDER);
					assertThat(ex.getMessage()).contains("this port does not speak TLS");
				});
			assertThat(provider.getBean(TestHandlers.class).executionsOf("tls")).isZero();
		}));
	}

	@Test
	void expiredProviderCertificateIsNamed() {
		providerWithCertificate("expired").run((provider) -> consumer(null).run((consumer) -> {
			DoraTemplate dora = consumer.getBean(DoraTemplate.class).withAddress(address(provider));
			assertThatThrownBy(() -> dora.call("/count", "expired", Integer.class))
				.isInstanceOfSatisfying(DoraClientException.class, (ex) -> {
					assertThat(ex.getCode()).isEqualTo(DoraCodes.NO_PROVIDER);
					assertThat(ex.getMessage()).contains("the provider's TLS certificate has expired");
				});
			assertThat(provider.getBean(TestHandlers.class).executionsOf("expired")).isZero();
		}));
	}

	@Test
	void providerCertificateForAnotherHostIsNamed() {
		providerWithCertificate("wrong-host").run((provider) -> consumer(null).run((consumer) -> {
			DoraTemplate dora = consumer.getBean(DoraTemplate.class).withAddress(address(provider));
			assertThatThrownBy(() -> dora.call("/count", "wrong host", Integer.class))
				.isInstanceOfSatisfying(DoraClientException.class, (ex) -> {
					assertThat(ex.getCode()).isEqualTo(DoraCodes.NO_PROVIDER);
					assertThat(ex.getMessage()).contains("the provider's TLS certificate is not issued for 127.0.0.1");
				});
			assertThat(provider.getBean(TestHandlers.class).executionsOf("wrong host")).isZero();
		}));
	}

	@Test
	void providerCertificateFromAnotherCaIsNamed() {
		providerWithCertificate("server").run((provider) -> DoraTestContexts.runner()
			.withConfiguration(AutoConfigurations.of(SslAutoConfiguration.class))
			.withPropertyValues(certificates.bundle("client", null, "other-ca"))
			.withPropertyValues("dora.client.ssl.bundle=client")
			.run((consumer) -> {
				DoraTemplate dora = consumer.getBean(DoraTemplate.class).withAddress(address(provider));
				assertThatThrownBy(() -> dora.call("/count", "x", Integer.class))
					.hasMessageContaining("the provider's TLS certificate is not signed by a CA in the trust store");
			}));
	}

	@Test
	void bundleCiphersAreHonouredAndNoCipherInCommonIsNamed() {
		providerWithCertificate("server")
			.withPropertyValues("spring.ssl.bundle.jks.server.options.ciphers=TLS_AES_128_GCM_SHA256")
			.run((provider) -> consumer(null, "spring.ssl.bundle.jks.client.options.ciphers=TLS_AES_256_GCM_SHA384")
				.run((consumer) -> {
					DoraTemplate dora = consumer.getBean(DoraTemplate.class).withAddress(address(provider));
					assertThatThrownBy(() -> dora.call("/count", "x", Integer.class))
						.isInstanceOfSatisfying(DoraClientException.class, (ex) -> {
							assertThat(ex.getCode()).isEqualTo(DoraCodes.NO_PROVIDER);
							assertThat(ex.getMessage()).contains("no TLS version or cipher suite in common");
						});
				}));
	}

	/** A provider without client authentication, presenting the given key store. */
	static ApplicationContextRunner providerWithCertificate(String keyStore) {
		return DoraTestContexts.provider()
			.withConfiguration(AutoConfigurations.of(SslAutoConfiguration.class))
			.withPropertyValues(certificates.bundle("server", keyStore, null))
			.withPropertyValues("dora.server.ssl.bundle=server");
	}

	static String address(ConfigurableApplicationContext provider) {
		return "127.0.0.1:" + DoraTestContexts.port(provider);
	}

}
