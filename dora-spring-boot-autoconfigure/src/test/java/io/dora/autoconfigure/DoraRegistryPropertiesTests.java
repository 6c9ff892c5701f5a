package io.dora.autoconfigure;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code dora.registry.*} and {@code dora.server.http.*} as Spring Boot binds them, without a context.
 */
class DoraRegistryPropertiesTests {

	@Test
	void registryDefaultsApplyWhenNothingIsSet() {
		DoraRegistryProperties properties = bind("dora.registry", Map.of(), DoraRegistryProperties.class);
		assertThat(properties.getGroups()).isEmpty();
		assertThat(properties.getKeyPrefix()).isEqualTo("dora");
		assertThat(properties.getHeartbeatInterval()).isEqualTo(Duration.ofSeconds(5));
		assertThat(properties.getTtl()).isEqualTo(Duration.ofSeconds(15));
		assertThat(properties.getWeight()).isEqualTo(1);
		assertThat(properties.getCacheFile()).isNull();
	}

	@Test
	void groupsNetworksAndMetadataBind() {
		DoraRegistryProperties properties = bind("dora.registry",
				Map.of("dora.registry.groups", "group1,group2", "dora.registry.preferred-networks", "10.0,192.168",
						"dora.registry.metadata.zone", "eu-1", "dora.registry.metadata.version", "2",
						"dora.registry.cache-file", "build/views.json"),
				DoraRegistryProperties.class);
		assertThat(properties.getGroups()).containsExactly("group1", "group2");
		assertThat(properties.getPreferredNetworks()).containsExactly("10.0", "192.168");
		assertThat(properties.getMetadata()).containsEntry("zone", "eu-1").containsEntry("version", "2");
		assertThat(properties.getCacheFile()).isEqualTo(Path.of("build/views.json"));
	}

	@Test
	void registryDurationsWithoutASuffixAreMilliseconds() {
		DoraRegistryProperties properties = bind("dora.registry", Map.of("dora.registry.heartbeat-interval", "500",
				"dora.registry.ttl", "2s", "dora.registry.empty-group-grace-period", "1m"),
				DoraRegistryProperties.class);
		assertThat(properties.getHeartbeatInterval()).isEqualTo(Duration.ofMillis(500));
		assertThat(properties.getTtl()).isEqualTo(Duration.ofSeconds(2));
		assertThat(properties.getEmptyGroupGracePeriod()).isEqualTo(Duration.ofMinutes(1));
	}

	@Test
	void httpPropertiesBind() {
		DoraHttpProperties defaults = bind("dora.server.http", Map.of(), DoraHttpProperties.class);
		assertThat(defaults.getBasePath()).isEmpty();
		assertThat(defaults.getTimeout()).isEqualTo(Duration.ofSeconds(30));
		DoraHttpProperties properties = bind("dora.server.http", Map.of("dora.server.http.base-path", "/dora",
				"dora.server.http.timeout", "1500", "dora.server.http.max-timeout", "1m"), DoraHttpProperties.class);
		assertThat(properties.getBasePath()).isEqualTo("/dora");
		assertThat(properties.getTimeout()).isEqualTo(Duration.ofMillis(1500));
		assertThat(properties.getMaxTimeout()).isEqualTo(Duration.ofMinutes(1));
	}

	private static <T> T bind(String prefix, Map<String, String> values, Class<T> type) {
		return new Binder(new MapConfigurationPropertySource(values)).bindOrCreate(prefix, type);
	}

}
