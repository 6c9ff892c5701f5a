package io.dora.security;

import io.dora.client.DoraClientException;
import io.dora.client.DoraRemoteException;
import io.dora.client.DoraTemplate;
import io.dora.protocol.DoraCodes;
import io.dora.test.DoraTestContexts;
import io.dora.test.TestHandlers;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * TLS and mutual TLS on the TCP endpoint and the client, configured through Spring Boot SSL bundles.
 */
class TlsEndToEndTests {

	private static final String[] SERVER_BUNDLE = { "spring.ssl.bundle.pem.server.keystore.certificate=classpath:tls/server.crt",
			"spring.ssl.bundle.pem.server.keystore.private-key=classpath:tls/server.key",
			"spring.ssl.bundle.pem.server.truststore.certificate=classpath:tls/ca.crt", "dora.server.ssl.bundle=server" };

	private static ApplicationContextRunner tlsProvider(String clientAuth) {
		return DoraTestContexts.provider()
			.withConfiguration(AutoConfigurations.of(SslAutoConfiguration.class))
			.withPropertyValues(SERVER_BUNDLE)
			.withPropertyValues("dora.server.ssl.client-auth=" + clientAuth);
	}

	private static ApplicationContextRunner consumer(String... properties) {
		return DoraTestContexts.runner()
			.withConfiguration(AutoConfigurations.of(SslAutoConfiguration.class))
			.withPropertyValues(properties);
	}

	private static final String[] TRUSTING_CLIENT = { "spring.ssl.bundle.pem.client.truststore.certificate=classpath:tls/ca.crt",
			"dora.client.ssl.bundle=client" };

	private static final String[] CLIENT_WITH_CERTIFICATE = {
			"spring.ssl.bundle.pem.client.truststore.certificate=classpath:tls/ca.crt",
			"spring.ssl.bundle.pem.client.keystore.certificate=classpath:tls/client.crt",
			"spring.ssl.bundle.pem.client.keystore.private-key=classpath:tls/client.key", "dora.client.ssl.bundle=client" };

	@Test
	void callsTravelOverTlsToAVerifiedProvider() {
		tlsProvider("none").run((provider) -> consumer(TRUSTING_CLIENT).run((consumer) -> {
			DoraTemplate dora = target(consumer, provider);
			assertThat(dora.call("/echo", "secret payload", String.class)).isEqualTo("secret payload");
		}));
	}

	@Test
	void plainClientCannotTalkToATlsProvider() {
		tlsProvider("none").run((provider) -> consumer().run((consumer) -> {
			DoraTemplate dora = target(consumer, provider).withTimeout(java.time.Duration.ofSeconds(2));
			assertThatThrownBy(() -> dora.call("/echo", "x", String.class)).isInstanceOfSatisfying(
					DoraRemoteException.class, (ex) -> assertThat(ex.getCode()).isEqualTo(DoraCodes.MALFORMED));
			assertThat(provider.getBean(TestHandlers.class).executions).isEmpty();
		}));
	}

	@Test
	void providerWithUntrustedCertificateIsRefusedBeforeAnythingIsSent() {
		tlsProvider("none").run((provider) -> consumer(
				"spring.ssl.bundle.pem.client.truststore.certificate=classpath:tls/other-ca.crt",
				"dora.client.ssl.bundle=client")
			.run((consumer) -> {
				DoraTemplate dora = target(consumer, provider);
				assertThatThrownBy(() -> dora.call("/count", "never", Integer.class))
					.isInstanceOfSatisfying(DoraClientException.class,
							(ex) -> assertThat(ex.getCode()).isEqualTo(DoraCodes.NO_PROVIDER));
				assertThat(provider.getBean(TestHandlers.class).executionsOf("never")).isZero();
			}));
	}

	@Test
	void mutualTlsRequiresAClientCertificateAndAuthenticatesControlCommands() {
		tlsProvider("need").run((provider) -> {
			consumer(TRUSTING_CLIENT).run((consumer) -> {
				DoraTemplate dora = target(consumer, provider).withTimeout(java.time.Duration.ofSeconds(2));
				assertThatThrownBy(() -> dora.call("/count", "anonymous", Integer.class))
					.isInstanceOf(DoraClientException.class);
				assertThat(provider.getBean(TestHandlers.class).executionsOf("anonymous")).isZero();
			});
			consumer(CLIENT_WITH_CERTIFICATE).run((consumer) -> {
				DoraTemplate dora = target(consumer, provider);
				assertThat(dora.call("/echo", "with certificate", String.class)).isEqualTo("with certificate");
				assertThat(dora.command("getStat").getCode()).isZero();
			});
		});
	}

	private static DoraTemplate target(org.springframework.context.ConfigurableApplicationContext consumer,
			org.springframework.context.ConfigurableApplicationContext provider) {
		return consumer.getBean(DoraTemplate.class).withAddress("127.0.0.1:" + DoraTestContexts.port(provider));
	}

}
