package io.dora.autoconfigure;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.AnnotatedElement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import io.dora.discovery.LoadBalancingStrategy;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.context.annotation.ImportCandidates;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.core.annotation.MergedAnnotation;
import org.springframework.core.annotation.MergedAnnotations;
import org.springframework.core.io.ClassPathResource;
import org.springframework.util.ReflectionUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The configuration metadata an IDE shows: every property a condition reads is described (those that are never
 * bound come from the additional metadata), and enumerated values come with a description each.
 */
class ConfigurationMetadataTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@Test
	void everyPropertyReadByAConditionIsDescribed() throws IOException {
		Map<String, JsonNode> properties = properties();
		Set<String> conditionProperties = conditionProperties();
		assertThat(conditionProperties).contains("dora.server.enabled", "dora.server.http.enabled",
				"dora.client.enabled", "dora.registry.enabled", "management.health.dora.enabled");
		for (String name : conditionProperties) {
			assertThat(properties).as(name).containsKey(name);
			assertThat(properties.get(name).path("description").asString("")).as("description of " + name)
				.isNotBlank();
			assertThat(properties.get(name).path("type").asString("")).as("type of " + name)
				.isEqualTo(Boolean.class.getName());
		}
	}

	@Test
	void enumeratedValuesAreHintedWithDescriptions() throws IOException {
		Map<String, List<String>> hints = hints();
		assertThat(hints.get("dora.client.load-balancer"))
			.containsExactlyElementsOf(kebab(LoadBalancingStrategy.values()));
		assertThat(hints.get("dora.server.ssl.client-auth"))
			.containsExactlyElementsOf(kebab(DoraServerProperties.ClientAuth.values()));
		assertThat(hints).containsKeys("dora.registry.preferred-networks", "dora.client.apis.keys");
	}

	/** Every property named by a condition of a Dora auto-configuration, its nested classes or its bean methods. */
	private static Set<String> conditionProperties() {
		Set<String> names = new LinkedHashSet<>();
		for (String className : ImportCandidates.load(AutoConfiguration.class,
				ConfigurationMetadataTests.class.getClassLoader())) {
			if (className.startsWith("io.dora.")) {
				collect(load(className), names);
			}
		}
		return names;
	}

	private static void collect(Class<?> type, Set<String> names) {
		addConditionProperties(type, names);
		ReflectionUtils.doWithLocalMethods(type, (method) -> addConditionProperties(method, names));
		for (Class<?> nested : type.getDeclaredClasses()) {
			collect(nested, names);
		}
	}

	private static void addConditionProperties(AnnotatedElement element, Set<String> names) {
		MergedAnnotations annotations = MergedAnnotations.from(element);
		annotations.stream(ConditionalOnBooleanProperty.class).forEach((condition) -> {
			String prefix = condition.getString("prefix");
			for (String name : names(condition)) {
				names.add(prefix.isEmpty() ? name : prefix + "." + name);
			}
		});
		annotations.stream(ConditionalOnEnabledHealthIndicator.class)
			.forEach((condition) -> names.add("management.health." + condition.getString("value") + ".enabled"));
	}

	private static String[] names(MergedAnnotation<ConditionalOnBooleanProperty> condition) {
		String[] names = condition.getStringArray("name");
		return (names.length > 0) ? names : condition.getStringArray("value");
	}

	private static Map<String, JsonNode> properties() throws IOException {
		Map<String, JsonNode> properties = new LinkedHashMap<>();
		for (String file : List.of("META-INF/spring-configuration-metadata.json",
				"META-INF/additional-spring-configuration-metadata.json")) {
			for (JsonNode property : read(file).path("properties")) {
				properties.put(property.get("name").asString(), property);
			}
		}
		return properties;
	}

	private static Map<String, List<String>> hints() throws IOException {
		Map<String, List<String>> hints = new LinkedHashMap<>();
		for (JsonNode hint : read("META-INF/additional-spring-configuration-metadata.json").path("hints")) {
			List<String> values = new ArrayList<>();
			for (JsonNode value : hint.path("values")) {
				assertThat(value.path("description").asString("")).as("description of a hint of " + hint.get("name"))
					.isNotBlank();
				values.add(value.get("value").asString());
			}
			hints.put(hint.get("name").asString(), values);
		}
		return hints;
	}

	private static JsonNode read(String file) throws IOException {
		try (InputStream in = new ClassPathResource(file).getInputStream()) {
			return JSON.readTree(in);
		}
	}

	private static Class<?> load(String className) {
		try {
			return Class.forName(className, false, ConfigurationMetadataTests.class.getClassLoader());
		}
		catch (ClassNotFoundException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static List<String> kebab(Enum<?>[] values) {
		return Arrays.stream(values).map((value) -> value.name().toLowerCase(Locale.ROOT).replace('_', '-')).toList();
	}

}
