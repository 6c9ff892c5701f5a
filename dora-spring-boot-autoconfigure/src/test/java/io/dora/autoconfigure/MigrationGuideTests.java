package io.dora.autoconfigure;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import io.dora.test.RepositoryFiles;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Keeps docs/migrating-from-php.md honest: every test it names exists (and every test method it names is in that
 * class), and every {@code dora.*} property it names is one the README's table documents.
 */
class MigrationGuideTests {

	private static final Pattern TEST_REFERENCE = Pattern.compile("`(\\w+Tests)(?:\\.(\\w+))?`");

	private static final Pattern PROPERTY = Pattern
		.compile("`(dora\\.(?:server|client|registry|security)\\.[a-z.-]+[a-z])`");

	@Test
	void everyTestTheGuideNamesExists() throws IOException {
		String guide = read("docs/migrating-from-php.md");
		List<Path> sources;
		try (Stream<Path> files = Files.walk(RepositoryFiles.find("PROTOCOL.md").getParent())) {
			sources = files.filter((file) -> file.toString().endsWith("Tests.java")).toList();
		}
		Matcher reference = TEST_REFERENCE.matcher(guide);
		int found = 0;
		while (reference.find()) {
			String type = reference.group(1);
			String method = reference.group(2);
			Path source = sources.stream()
				.filter((file) -> file.getFileName().toString().equals(type + ".java"))
				.findFirst()
				.orElse(null);
			assertThat(source).as("test class " + type).isNotNull();
			if (method != null) {
				assertThat(Files.readString(source)).as(type + "." + method).contains("void " + method + "(");
			}
			found++;
		}
		assertThat(found).isGreaterThan(10);
	}

	@Test
	void everyPropertyTheGuideNamesIsInTheReadmeTable() throws IOException {
		String guide = read("docs/migrating-from-php.md");
		String readme = read("README.md");
		Matcher property = PROPERTY.matcher(guide);
		while (property.find()) {
			String name = property.group(1);
			String generic = name.replaceAll("groups\\.[^.]+\\.", "groups.<name>.");
			assertThat(readme.contains("| `" + name + "`") || readme.contains("| `" + generic + "`")
					|| readme.contains("| `" + name + ".<")).as(name).isTrue();
		}
	}

	private static String read(String name) throws IOException {
		return Files.readString(RepositoryFiles.find(name), StandardCharsets.UTF_8);
	}

}
