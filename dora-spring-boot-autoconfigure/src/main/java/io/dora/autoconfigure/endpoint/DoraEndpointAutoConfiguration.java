package io.dora.autoconfigure.endpoint;

import io.dora.actuate.endpoint.DoraActuatorEndpoint;
import io.dora.autoconfigure.ConditionalOnDoraServerOrClient;
import io.dora.autoconfigure.DoraClientAutoConfiguration;
import io.dora.autoconfigure.DoraDiscoveryAutoConfiguration;
import io.dora.autoconfigure.DoraServerAutoConfiguration;
import io.dora.client.DoraClient;
import io.dora.client.DoraTarget;
import io.dora.client.DoraTemplate;
import io.dora.discovery.DoraLoadBalancer;
import io.dora.discovery.redis.RedisRegistration;
import io.dora.server.NettyDoraServer;

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

	@Bean
	@ConditionalOnMissingBean
	DoraActuatorEndpoint doraActuatorEndpoint(ObjectProvider<NettyDoraServer> server,
			ObjectProvider<RedisRegistration> registration, ObjectProvider<DoraClient> client,
			ObjectProvider<DoraLoadBalancer> loadBalancer, ObjectProvider<DoraTemplate> template,
			DoraEndpointProperties properties) {
		DoraTemplate defaultTemplate = template.getIfUnique();
		DoraTarget target = (defaultTemplate != null) ? defaultTemplate.getTarget() : null;
		return new DoraActuatorEndpoint(server.getIfUnique(), registration.getIfUnique(), client.getIfUnique(),
				loadBalancer.getIfUnique(), (target != null) ? target.group() : null, properties.getShowClassNames(),
				properties.getRoles());
	}

}
