package io.dora.autoconfigure;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.dora.client.AsyncResultStore;
import io.dora.client.DoraApiPolicies;
import io.dora.client.DoraCaller;
import io.dora.client.DoraOperations;
import io.dora.client.DoraTemplate;
import io.dora.client.EndpointHealth;
import io.dora.client.OriginalProtocolGroups;
import io.dora.client.PipelineWindow;
import io.dora.client.connection.DoraClientStats;
import io.dora.client.proxy.DoraClientProxyFactory;
import io.dora.client.connection.DoraConnectionManager;
import io.dora.client.connection.DoraConnectionSettings;
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
import org.springframework.core.env.Environment;
import org.springframework.core.io.ResourceLoader;

/**
 * Auto-configuration of Dora's consumer side: an injectable {@link DoraTemplate} and its collaborators, each a
 * bean of its own: the connections, provider selection (load balancer from {@code dora.client.load-balancer},
 * random by default), static groups from {@code dora.client.groups}, per-API policies, the caller that sends and
 * retries, the async result store, and a bean for each {@code @DoraClient} interface in the application's
 * packages ({@link DoraClientsAutoDetection}). Switched off with {@code dora.client.enabled=false}; backs off from a user-defined
 * {@link DoraOperations}. Its static-only {@link DoraServiceDiscovery} backs off from the Redis one that
 * {@link DoraDiscoveryAutoConfiguration}, which runs first, defines when Redis is available.
 */
@AutoConfiguration(afterName = { "org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration",
		"org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration" })
@ConditionalOnClass({ Bootstrap.class, JsonMapper.class })
@ConditionalOnBooleanProperty(name = "dora.client.enabled", matchIfMissing = true)
@EnableConfigurationProperties({ DoraClientProperties.class, DoraSecurityProperties.class })
@Import({ DoraCodecConfiguration.class, DoraClientsAutoDetection.class })
public final class DoraClientAutoConfiguration {

	@Bean("io.dora.client.connection.DoraClientStats")
	@ConditionalOnMissingBean
	DoraClientStats doraClientStats() {
		return new DoraClientStats();
	}

	@Bean("io.dora.client.connection.DoraConnectionManager")
	@ConditionalOnMissingBean
	DoraConnectionManager doraConnectionManager(DoraClientProperties properties, DoraJsonCodec codec,
			DoraClientStats stats, ObjectProvider<SslBundles> sslBundles) {
		return new DoraConnectionManager(connectionSettings(properties), codec, stats,
				DoraSecurity.clientTls(properties.getSsl().getBundle(), sslBundles));
	}

	/**
	 * The static groups only. Without Spring Data Redis, a group that would need the registry fails the start-up
	 * rather than every call to it.
	 */
	@Bean("io.dora.discovery.DoraServiceDiscovery")
	@ConditionalOnMissingBean
	DoraServiceDiscovery doraServiceDiscovery(DoraClientProperties properties, Environment environment,
			ResourceLoader resourceLoader) {
		SpringDataRedisRequirement.checkGroups(properties, environment, resourceLoader.getClassLoader());
		return new StaticServiceDiscovery(staticGroups(properties));
	}

	@Bean("io.dora.discovery.DoraLoadBalancer")
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

	@Bean("io.dora.client.DoraApiPolicies")
	@ConditionalOnMissingBean
	DoraApiPolicies doraApiPolicies(DoraClientProperties properties) {
		Map<String, DoraApiPolicies.Policy> policies = new LinkedHashMap<>();
		properties.getApis()
			.forEach((path, api) -> policies.put(path, DoraApiPolicies.Policy.of(api.getTimeout(), api.getRetries())));
		return new DoraApiPolicies(properties.getTimeout(), properties.getRetries(), policies);
	}

	@Bean
	@ConditionalOnMissingBean
	AsyncResultStore doraAsyncResultStore(DoraClientProperties properties, DoraClientStats stats) {
		return new AsyncResultStore(properties.getAsync().getMaxResults(), properties.getAsync().getMaxAge(), stats);
	}

	@Bean("io.dora.client.DoraCaller")
	@ConditionalOnMissingBean
	DoraCaller doraCaller(DoraClientProperties properties, DoraSecurityProperties security,
			DoraConnectionManager connections, DoraServiceDiscovery discovery, DoraLoadBalancer balancer,
			EndpointHealth health, DoraJsonCodec codec) {
		int compressionThreshold = properties.getCompression().writerThreshold();
		DoraFrameWriter writer = new DoraFrameWriter(codec, (int) properties.getMaxFrameLength().toBytes(),
				compressionThreshold, DoraSecurity.signer(security));
		return new DoraCaller(connections, discovery, balancer, health, writer, originalGroups(properties));
	}

	/** The groups marked {@code protocol: original}, with their wire options. */
	static OriginalProtocolGroups originalGroups(DoraClientProperties properties) {
		Map<String, OriginalWireOptions> groups = new LinkedHashMap<>();
		properties.getGroups().forEach((name, group) -> {
			if (group.getProtocol() == DoraClientProperties.Protocol.ORIGINAL) {
				groups.put(name, group.getOriginal().toWireOptions());
			}
		});
		return new OriginalProtocolGroups(groups);
	}

	@Bean("io.dora.client.DoraTemplate")
	@ConditionalOnMissingBean(DoraOperations.class)
	DoraTemplate doraTemplate(DoraCaller caller, DoraJsonCodec codec, DoraClientStats stats,
			AsyncResultStore asyncResults, DoraApiPolicies policies, DoraServiceDiscovery discovery,
			DoraClientProperties properties, ObjectProvider<ObservationRegistry> observationRegistry,
			ObjectProvider<DoraClientObservationConvention> observationConvention) {
		DoraTemplate template = new DoraTemplate(caller, codec, stats, asyncResults, policies,
				defaultGroup(properties, discovery));
		template.setObservationRegistry(observationRegistry.getIfUnique(() -> ObservationRegistry.NOOP));
		template.setObservationConvention(observationConvention.getIfUnique());
		DoraClientProperties.Pipeline pipeline = properties.getPipeline();
		template.setPipelineWindow(new PipelineWindow(pipeline.getWindow(), pipeline.getWindowWait()));
		return template;
	}

	@Bean("io.dora.client.proxy.DoraClientProxyFactory")
	@ConditionalOnMissingBean
	DoraClientProxyFactory doraClientProxyFactory(DoraOperations operations, Environment environment) {
		return new DoraClientProxyFactory(operations, environment::resolveRequiredPlaceholders);
	}

	static DoraConnectionSettings connectionSettings(DoraClientProperties properties) {
		return new DoraConnectionSettings(properties.getConnectTimeout(), properties.getHeartbeatInterval(),
				properties.getIoThreads(), properties.getConnectionsPerEndpoint(),
				(int) properties.getMaxFrameLength().toBytes(), properties.getAsync().getResultTimeout(),
				properties.getMaxPendingCalls(), properties.getCodec().id());
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

	private static String defaultGroup(DoraClientProperties properties, DoraServiceDiscovery discovery) {
		if (properties.getDefaultGroup() != null) {
			return properties.getDefaultGroup();
		}
		return (discovery.knownGroups().size() == 1) ? discovery.knownGroups().iterator().next() : null;
	}

}
