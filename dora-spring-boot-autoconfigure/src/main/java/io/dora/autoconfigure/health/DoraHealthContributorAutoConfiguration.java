package io.dora.autoconfigure.health;

import java.util.LinkedHashMap;
import java.util.Map;

import io.dora.actuate.ClientGroups;
import io.dora.actuate.health.DoraGroupsHealthIndicator;
import io.dora.actuate.health.DoraRegistrationHealthIndicator;
import io.dora.actuate.health.DoraServerHealthIndicator;
import io.dora.autoconfigure.ConditionalOnDoraServerOrClient;
import io.dora.autoconfigure.DoraClientAutoConfiguration;
import io.dora.autoconfigure.DoraDiscoveryAutoConfiguration;
import io.dora.autoconfigure.DoraServerAutoConfiguration;
import io.dora.client.DoraTemplate;
import io.dora.client.EndpointHealth;
import io.dora.client.connection.DoraConnectionManager;
import io.dora.discovery.DoraServiceDiscovery;
import io.dora.discovery.redis.RedisRegistration;
import io.dora.handler.DoraDispatcher;
import io.dora.server.DoraServer;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of the {@code dora} health contributor: {@code server} (the TCP server), {@code registration}
 * (this provider in Redis) and {@code groups} (the provider groups this application calls), each present when the
 * application has that part. Switched off with {@code management.health.dora.enabled=false}.
 */
@AutoConfiguration(after = { DoraServerAutoConfiguration.class, DoraDiscoveryAutoConfiguration.class,
		DoraClientAutoConfiguration.class })
@ConditionalOnClass({ HealthIndicator.class, ConditionalOnEnabledHealthIndicator.class })
@ConditionalOnEnabledHealthIndicator("dora")
@ConditionalOnDoraServerOrClient
public final class DoraHealthContributorAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(name = { "doraHealthIndicator", "doraHealthContributor" })
	HealthContributor doraHealthContributor(ObjectProvider<DoraServer> server,
			ObjectProvider<DoraDispatcher> dispatcher, ObjectProvider<RedisRegistration> registration,
			ObjectProvider<DoraConnectionManager> connections, ObjectProvider<DoraServiceDiscovery> discovery,
			ObjectProvider<EndpointHealth> health, ObjectProvider<DoraTemplate> template) {
		Map<String, HealthContributor> components = new LinkedHashMap<>();
		server.ifAvailable((bean) -> components.put("server",
				new DoraServerHealthIndicator(bean, dispatcher.getObject())));
		registration.ifAvailable((bean) -> components.put("registration", new DoraRegistrationHealthIndicator(bean)));
		connections.ifAvailable((bean) -> components.put("groups", new DoraGroupsHealthIndicator(
				ClientGroups.of(discovery.getObject(), health.getObject(), bean, template.getIfUnique()))));
		return CompositeHealthContributor.fromMap(components);
	}

}
