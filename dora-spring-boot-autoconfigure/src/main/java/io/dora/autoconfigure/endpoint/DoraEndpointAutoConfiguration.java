package io.dora.autoconfigure.endpoint;

import io.dora.actuate.ClientGroups;
import io.dora.actuate.endpoint.DoraActuatorEndpoint;
import io.dora.autoconfigure.ConditionalOnDoraServerOrClient;
import io.dora.autoconfigure.DoraClientAutoConfiguration;
import io.dora.autoconfigure.DoraDiscoveryAutoConfiguration;
import io.dora.autoconfigure.DoraServerAutoConfiguration;
import io.dora.client.AsyncResultStore;
import io.dora.client.DoraApiPolicies;
import io.dora.client.DoraTemplate;
import io.dora.client.EndpointHealth;
import io.dora.client.connection.DoraClientStats;
import io.dora.client.connection.DoraConnectionManager;
import io.dora.discovery.DoraLoadBalancer;
import io.dora.discovery.DoraServiceDiscovery;
import io.dora.discovery.redis.RedisRegistration;
import io.dora.handler.DoraDispatcher;
import io.dora.server.DoraServer;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of the {@code dora} Actuator endpoint, when it is available (exposed and not switched off
 * with {@code management.endpoint.dora.access=none}) and the application has a Dora server or client.
 */
@AutoConfiguration(after = { DoraServerAutoConfiguration.class, DoraDiscoveryAutoConfiguration.class,
		DoraClientAutoConfiguration.class })
@ConditionalOnClass({ Endpoint.class, ConditionalOnAvailableEndpoint.class })
@ConditionalOnAvailableEndpoint(DoraActuatorEndpoint.class)
@ConditionalOnDoraServerOrClient
@EnableConfigurationProperties(DoraEndpointProperties.class)
public final class DoraEndpointAutoConfiguration {

	@Bean("io.dora.actuate.endpoint.DoraActuatorEndpoint")
	@ConditionalOnMissingBean
	DoraActuatorEndpoint doraActuatorEndpoint(ObjectProvider<DoraServer> server,
			ObjectProvider<DoraDispatcher> dispatcher, ObjectProvider<RedisRegistration> registration,
			ObjectProvider<DoraConnectionManager> connections, ObjectProvider<DoraServiceDiscovery> discovery,
			ObjectProvider<EndpointHealth> health, ObjectProvider<DoraApiPolicies> policies,
			ObjectProvider<AsyncResultStore> asyncResults, ObjectProvider<DoraClientStats> stats,
			ObjectProvider<DoraLoadBalancer> loadBalancer, ObjectProvider<DoraTemplate> template,
			DoraEndpointProperties properties) {
		DoraConnectionManager manager = connections.getIfUnique();
		DoraActuatorEndpoint.Client client = (manager != null) ? new DoraActuatorEndpoint.Client(
				ClientGroups.of(discovery.getObject(), health.getObject(), manager, template.getIfUnique()),
				policies.getObject(), asyncResults.getObject(), stats.getObject(), loadBalancer.getIfUnique()) : null;
		return new DoraActuatorEndpoint(server.getIfUnique(), dispatcher.getIfUnique(), registration.getIfUnique(),
				client, properties.getShowClassNames(), properties.getRoles());
	}

}
