package io.dora.autoconfigure;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

import io.dora.test.RepositoryFiles;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every {@code dora.*} and {@code management.endpoint.dora.*} property has a description in the configuration
 * metadata and a row in the README's configuration table.
 */
class ConfigurationDocumentationTests {

	@Test
	void everyPropertyIsDescribedAndListedInTheReadme() throws IOException {
		List<JsonNode> properties = doraProperties();
		assertThat(properties).isNotEmpty();
		String readme = Files.readString(RepositoryFiles.find("README.md"), StandardCharsets.UTF_8);
		for (JsonNode property : properties) {
			String name = property.get("name").asString();
			assertThat(property.path("description").asString("")).as("description of " + name).isNotBlank();
			// Map properties are documented with their key placeholder, e.g. dora.client.groups.<name>.endpoints.
			assertThat(readme.contains("`" + name + "`") || readme.contains("`" + name + ".<"))
				.as("README row for " + name)
				.isTrue();
		}
	}

	private static List<JsonNode> doraProperties() throws IOException {
		JsonMapper mapper = JsonMapper.builder().build();
		List<JsonNode> found = new ArrayList<>();
		Resource[] resources = new PathMatchingResourcePatternResolver()
			.getResources("classpath*:META-INF/*spring-configuration-metadata.json");
		for (Resource resource : resources) {
			try (InputStream in = resource.getInputStream()) {
				for (JsonNode property : mapper.readTree(in).path("properties")) {
					String name = property.get("name").asString();
					if (name.startsWith("dora.") || name.startsWith("management.endpoint.dora.")) {
						found.add(property);
					}
				}
			}
		}
		return found;
	}

}
