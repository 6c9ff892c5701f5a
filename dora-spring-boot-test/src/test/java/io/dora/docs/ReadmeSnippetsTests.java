package io.dora.docs;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every Java block in the documents is a compiled source file of {@code io.dora.docs.readme}, shown from its
 * imports to its end: the block is preceded by {@code <!-- snippet: Name.java -->} and must equal the file. A
 * documented call that does not compile fails this module's test compilation; a document that drifts from its
 * file fails here.
 */
class ReadmeSnippetsTests {

	private static final Pattern JAVA_BLOCK = Pattern.compile("(?m)^(?:<!-- snippet: (\\S+) -->\\n)?```java\\n(.*?)^```$",
			Pattern.DOTALL);

	private static final Path SNIPPETS = Path.of("src/test/java/io/dora/docs/readme");

	@ParameterizedTest
	@ValueSource(strings = { "README.md", "PROTOCOL.md" })
	void everyJavaBlockIsACompiledSnippet(String document) throws IOException {
		String text = Files.readString(repositoryRoot().resolve(document), StandardCharsets.UTF_8);
		List<String> checked = new ArrayList<>();
		Matcher block = JAVA_BLOCK.matcher(text);
		while (block.find()) {
			String name = block.group(1);
			assertThat(name).as("the snippet marker before the Java block in %s:%n%s", document, block.group(2))
				.isNotNull();
			assertThat(block.group(2).strip()).as("%s in %s", name, document).isEqualTo(source(name));
			checked.add(name);
		}
		if (document.equals("README.md")) {
			assertThat(checked).contains("UserApi.java", "Greeter.java", "TemplateGreeter.java", "UserReports.java",
					"UserMulti.java");
		}
	}

	/** The file from its first line after the package declaration. */
	private static String source(String name) throws IOException {
		String text = Files.readString(SNIPPETS.resolve(name), StandardCharsets.UTF_8);
		return text.substring(text.indexOf(";\n") + 2).strip();
	}

	private static Path repositoryRoot() {
		Path dir = Path.of("").toAbsolutePath();
		while (!Files.exists(dir.resolve("README.md")) || !Files.exists(dir.resolve("PROTOCOL.md"))) {
			dir = dir.getParent();
		}
		return dir;
	}

}
