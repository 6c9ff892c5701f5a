package io.dora.autoconfigure;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.dora.client.DoraApiPolicies;
import io.dora.client.DoraClient;
import io.dora.client.DoraClientSettings;
import io.dora.client.DoraClientStats;
import io.dora.client.DoraConnectionManager;
import io.dora.client.DoraOperations;
import io.dora.client.DoraTemplate;
import io.dora.client.EndpointHealth;
import io.dora.client.OriginalProtocolGroups;
import io.dora.discovery.DoraEndpoint;
import io.dora.discovery.DoraLoadBalancer;
import io.dora.discovery.DoraServiceDiscovery;
import io.dora.discovery.GroupLoadBalancer;
import io.dora.discovery.StaticServiceDiscovery;
import io.dora.observation.DoraClientObservationConvention;
import io.dora.protocol.DoraFrameWriter;
import io.dora.protocol.DoraJsonCodec;
import io.dora.protocol.original.OriginalWireOptions;
import io.micrometer.observation.ObservationRegistry;
import io.netty.bootstrap.Bootstrap;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

/**
 * Auto-configuration of Dora's consumer side: an injectable {@link DoraTemplate} with its connections, provider
 * selection (load balancer from {@code dora.client.load-balancer}, random by default) and static groups from
 * {@code dora.client.groups}. Switched off with {@code dora.client.enabled=false}; backs off from a user-defined
 * {@link DoraOperations}. Its static-only {@link DoraServiceDiscovery} backs off from the Redis one that
 * {@link DoraDiscoveryAutoConfiguration}, which runs first, defines when Redis is available.
 */
@AutoConfiguration(afterName = { "org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration",
		"org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration" })
@ConditionalOnClass({ Bootstrap.class, JsonMapper.class })
@ConditionalOnBooleanProperty(name = "dora.client.enabled", matchIfMissing = true)
@EnableConfigurationProperties({ DoraClientProperties.class, DoraSecurityProperties.class })
@Import(DoraCodecConfiguration.class)
public final class DoraClientAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	DoraConnectionManager doraConnectionManager(DoraClientProperties properties, DoraJsonCodec codec,
			ObjectProvider<SslBundles> sslBundles) {
		return new DoraConnectionManager(settings(properties), codec, new DoraClientStats(),
				DoraSecurity.clientTls(properties.getSsl().getBundle(), sslBundles));
	}

	@Bean
	@ConditionalOnMissingBean
	DoraServiceDiscovery doraServiceDiscovery(DoraClientProperties properties) {
		return new StaticServiceDiscovery(staticGroups(properties));
	}

	@Bean
	@ConditionalOnMissingBean
	DoraLoadBalancer doraLoadBalancer(DoraClientProperties properties, DoraConnectionManager connections) {
		Map<String, DoraLoadBalancer> groupBalancers = new LinkedHashMap<>();
		properties.getGroups().forEach((name, group) -> {
			if (group.getLoadBalancer() != null) {
				groupBalancers.put(name, group.getLoadBalancer().create(connections::inFlight));
			}
		});
		DoraLoadBalancer defaultBalancer = properties.getLoadBalancer().create(connections::inFlight);
		return groupBalancers.isEmpty() ? defaultBalancer : new GroupLoadBalancer(defaultBalancer, groupBalancers);
	}

	@Bean
	@ConditionalOnMissingBean
	EndpointHealth doraEndpointHealth(DoraClientProperties properties) {
		DoraClientProperties.Ejection ejection = properties.getEjection();
		return new EndpointHealth(ejection.getFailureThreshold(), ejection.getBaseTime(), ejection.getMaxTime());
	}

	@Bean
	@ConditionalOnMissingBean
	DoraClient doraClient(DoraClientProperties properties, DoraSecurityProperties security,
			DoraConnectionManager connections, DoraServiceDiscovery discovery, DoraLoadBalancer balancer,
			EndpointHealth health, DoraJsonCodec codec, ObjectProvider<ObservationRegistry> observationRegistry,
			ObjectProvider<DoraClientObservationConvention> observationConvention) {
		DoraClientSettings settings = connections.settings();
		int compressionThreshold = properties.getCompression().isEnabled()
				? (int) properties.getCompression().getThreshold().toBytes() : -1;
		DoraFrameWriter writer = new DoraFrameWriter(codec, settings.maxFrameLength(), compressionThreshold,
				DoraSecurity.signer(security));
		return new DoraClient(settings, connections, discovery, balancer, health, writer, policies(properties),
				observationRegistry.getIfUnique(() -> ObservationRegistry.NOOP), observationConvention.getIfUnique(),
				originalGroups(properties));
	}

	/** The groups marked {@code protocol: original}, with their wire options. */
	static OriginalProtocolGroups originalGroups(DoraClientProperties properties) {
		Map<String, OriginalWireOptions> groups = new LinkedHashMap<>();
		properties.getGroups().forEach((name, group) -> {
			if (group.getProtocol() == DoraClientProperties.Protocol.ORIGINAL) {
				DoraClientProperties.Original original = group.getOriginal();
				groups.put(name, new OriginalWireOptions(original.isCrcSignature(), original.getSalt(),
						original.isCompression()));
			}
		});
		return new OriginalProtocolGroups(groups);
	}

	@Bean
	@ConditionalOnMissingBean(DoraOperations.class)
	DoraTemplate doraTemplate(DoraClient client, DoraClientProperties properties) {
		return new DoraTemplate(client, defaultGroup(properties, client.discovery()));
	}

	static DoraClientSettings settings(DoraClientProperties properties) {
		return new DoraClientSettings(properties.getConnectTimeout(), properties.getTimeout(),
				properties.getRetries(), properties.getHeartbeatInterval(), properties.getIoThreads(),
				properties.getConnectionsPerEndpoint(), (int) properties.getMaxFrameLength().toBytes(),
				properties.getAsync().getResultTimeout(), properties.getAsync().getMaxResults(),
				properties.getAsync().getMaxAge(), properties.getMaxPendingCalls());
	}

	/** The groups with endpoints: a group entry that only sets a load balancer is not static. */
	static Map<String, List<DoraEndpoint>> staticGroups(DoraClientProperties properties) {
		Map<String, List<DoraEndpoint>> groups = new LinkedHashMap<>();
		properties.getGroups().forEach((name, group) -> {
			if (!group.getEndpoints().isEmpty()) {
				groups.put(name, group.getEndpoints().stream().map(DoraEndpoint::parse).toList());
			}
		});
		return groups;
	}

	private static DoraApiPolicies policies(DoraClientProperties properties) {
		Map<String, DoraApiPolicies.Policy> policies = new LinkedHashMap<>();
		properties.getApis()
			.forEach((path, api) -> policies.put(path, DoraApiPolicies.Policy.of(api.getTimeout(), api.getRetries())));
		return new DoraApiPolicies(policies);
	}

	private static String defaultGroup(DoraClientProperties properties, DoraServiceDiscovery discovery) {
		if (properties.getDefaultGroup() != null) {
			return properties.getDefaultGroup();
		}
		return (discovery.knownGroups().size() == 1) ? discovery.knownGroups().iterator().next() : null;
	}

}
