package io.dora.test.stub;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import io.dora.autoconfigure.DoraClientAutoConfiguration;
import io.dora.autoconfigure.DoraClientProperties;
import io.dora.autoconfigure.DoraDiscoveryAutoConfiguration;
import io.dora.autoconfigure.DoraSecurityProperties;
import io.dora.discovery.DoraServiceDiscovery;
import io.dora.protocol.DoraJsonCodec;
import io.dora.security.FrameVerifier;
import io.dora.security.SignatureAudiences;
import io.dora.security.SignatureChecker;
import io.netty.bootstrap.Bootstrap;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

/**
 * Auto-configuration imported by {@link AutoConfigureDoraStubs}: the {@link DoraStubs} with their server, and a
 * {@link DoraServiceDiscovery} that resolves every group to it. It runs before Dora's discovery and client
 * auto-configurations, whose discoveries then back off; a discovery the application defines itself is outranked,
 * since this one is primary.
 */
@AutoConfiguration(before = { DoraDiscoveryAutoConfiguration.class, DoraClientAutoConfiguration.class },
		afterName = "org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration")
@ConditionalOnClass({ Bootstrap.class, JsonMapper.class })
@ConditionalOnBooleanProperty(name = "dora.client.enabled", matchIfMissing = true)
@EnableConfigurationProperties({ DoraClientProperties.class, DoraSecurityProperties.class })
public final class DoraStubsAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	DoraStubs doraStubs(DoraClientProperties client, DoraSecurityProperties security,
			ObjectProvider<DoraJsonCodec> codec, ObjectProvider<JsonMapper> jsonMapper,
			ObjectProvider<DoraStubsCustomizer> customizers) {
		DoraJsonCodec json = codec.getIfAvailable(
				() -> new DoraJsonCodec(jsonMapper.getIfAvailable(() -> JsonMapper.builder().build())));
		DoraStubServer.Factory server = new DoraStubServer.Factory(json, (int) client.getMaxFrameLength().toBytes(),
				verifier(security));
		return new DoraStubs(server, customizers.orderedStream().toList());
	}

	@Bean
	@Primary
	DoraServiceDiscovery doraStubsServiceDiscovery(DoraStubs stubs, DoraClientProperties client) {
		return new StubServiceDiscovery(stubs, client.getGroups().keySet());
	}

	/**
	 * Checks signatures when the application signs its calls, so that signed control commands are answered. The
	 * stub server stands in for every group, so it answers to any audience.
	 */
	private static FrameVerifier verifier(DoraSecurityProperties security) {
		if (security.getKeys().isEmpty()) {
			return null;
		}
		Map<String, byte[]> secrets = new LinkedHashMap<>();
		security.getKeys().forEach((id, secret) -> secrets.put(id, secret.getBytes(StandardCharsets.UTF_8)));
		return new FrameVerifier(
				new SignatureChecker(secrets, security.getMaxClockSkew(), 10_000, SignatureAudiences.ANY, null,
						System::currentTimeMillis));
	}

}
