package io.dora.autoconfigure;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.dora.autoconfigure.DoraSecurityProperties.ReplayMemory;
import io.dora.security.FrameSigner;
import io.dora.security.SharedReplayMemory;
import io.dora.security.SignatureAudiences;
import io.dora.security.SignatureChecker;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.boot.ssl.SslManagerBundle;
import org.springframework.boot.ssl.SslOptions;
import org.springframework.util.StringUtils;

/**
 * Turns {@code dora.security.*} and SSL bundle names into the protocol's signer and verifier and Netty's TLS
 * contexts.
 */
final class DoraSecurity {

	private DoraSecurity() {
	}

	/**
	 * The signature checker of a provider, or {@code null} when no keys are configured.
	 * @param groups the groups the provider belongs to, which it answers to as audiences
	 * @param sharedReplays the shared replay memory, or {@code null}
	 */
	static SignatureChecker checker(DoraSecurityProperties properties, List<String> groups,
			SharedReplayMemory sharedReplays) {
		if (properties.getKeys().isEmpty()) {
			return null;
		}
		if (properties.getReplayMemory() == ReplayMemory.REDIS && sharedReplays == null) {
			throw new InvalidDoraConfigurationException("dora.security.replay-memory",
					"the replay memory is 'redis' but the application has no Redis connection (Spring Data Redis)",
					"Add spring-boot-starter-data-redis to the application and configure Redis with spring.data.redis.*, "
							+ "or set dora.security.replay-memory=local.");
		}
		Map<String, byte[]> secrets = new LinkedHashMap<>();
		properties.getKeys().forEach((id, secret) -> secrets.put(id, secret(id, secret)));
		List<String> audiences = new ArrayList<>(groups);
		audiences.addAll(properties.getAudiences());
		int replayCacheSize = (properties.getReplayCacheSize() != null) ? properties.getReplayCacheSize()
				: SignatureChecker.defaultReplayCacheSize(properties.getMaxClockSkew());
		return new SignatureChecker(secrets, properties.getMaxClockSkew(), replayCacheSize,
				SignatureAudiences.of(audiences), sharedReplays, System::currentTimeMillis);
	}

	/** The signer of a consumer, or {@code null} when no keys are configured. */
	static FrameSigner signer(DoraSecurityProperties properties) {
		Map<String, String> keys = properties.getKeys();
		if (keys.isEmpty()) {
			return null;
		}
		String id = properties.getSigningKey();
		if (id == null) {
			if (keys.size() > 1) {
				throw new InvalidDoraConfigurationException("dora.security.signing-key",
						"several keys are configured in dora.security.keys but none is chosen for signing",
						"Set dora.security.signing-key to one of " + keys.keySet() + ".");
			}
			id = keys.keySet().iterator().next();
		}
		String secret = keys.get(id);
		if (secret == null) {
			throw new InvalidDoraConfigurationException("dora.security.signing-key",
					"the signing key '" + id + "' is not one of dora.security.keys " + keys.keySet(),
					"Add the key to dora.security.keys or choose one of " + keys.keySet() + ".");
		}
		return new FrameSigner(id, secret(id, secret), System::currentTimeMillis);
	}

	private static byte[] secret(String id, String secret) {
		byte[] bytes = (secret != null) ? secret.getBytes(StandardCharsets.UTF_8) : new byte[0];
		if (bytes.length < 16) {
			throw new InvalidDoraConfigurationException("dora.security.keys." + id,
					"the secret is shorter than 16 bytes", "Use a random secret of at least 32 characters.");
		}
		return bytes;
	}

	/** The server's TLS context from an SSL bundle, or {@code null} when no bundle is named. */
	static SslContext serverTls(String bundleName, ClientAuth clientAuth, ObjectProvider<SslBundles> bundles) {
		if (!StringUtils.hasText(bundleName)) {
			return null;
		}
		SslBundle bundle = bundle(bundleName, "dora.server.ssl.bundle", bundles);
		SslManagerBundle managers = bundle.getManagers();
		return build(SslContextBuilder.forServer(managers.getKeyManagerFactory())
			.trustManager(managers.getTrustManagerFactory())
			.clientAuth(clientAuth), bundle.getOptions());
	}

	/** The client's TLS context from an SSL bundle, or {@code null} when no bundle is named. */
	static SslContext clientTls(String bundleName, ObjectProvider<SslBundles> bundles) {
		if (!StringUtils.hasText(bundleName)) {
			return null;
		}
		SslBundle bundle = bundle(bundleName, "dora.client.ssl.bundle", bundles);
		SslManagerBundle managers = bundle.getManagers();
		return build(SslContextBuilder.forClient()
			.keyManager(managers.getKeyManagerFactory())
			.trustManager(managers.getTrustManagerFactory())
			.endpointIdentificationAlgorithm("HTTPS"), bundle.getOptions());
	}

	private static SslBundle bundle(String name, String property, ObjectProvider<SslBundles> bundles) {
		SslBundles available = bundles.getIfAvailable();
		if (available == null) {
			throw new InvalidDoraConfigurationException(property,
					"SSL bundle '" + name + "' is named but no SSL bundles are configured",
					"Define it under spring.ssl.bundle.jks." + name + " or spring.ssl.bundle.pem." + name + ".");
		}
		return available.getBundle(name);
	}

	private static SslContext build(SslContextBuilder builder, SslOptions options) {
		if (options.getCiphers() != null) {
			builder.ciphers(java.util.Arrays.asList(options.getCiphers()));
		}
		if (options.getEnabledProtocols() != null) {
			builder.protocols(options.getEnabledProtocols());
		}
		try {
			return builder.build();
		}
		catch (javax.net.ssl.SSLException ex) {
			throw new IllegalStateException("Cannot create the TLS context: " + ex.getMessage(), ex);
		}
	}

}
