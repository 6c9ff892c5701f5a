package io.dora.web;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.dora.protocol.DoraCodes;
import io.dora.test.RepositoryFiles;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs the signing recipes of docs/http.md, as written there, with the real interpreters and compilers against a
 * provider with their key: shell (curl and openssl), PHP, Python and Go. Only the address is changed, from
 * {@code http://localhost:8080} to the provider's free port. A recipe whose tool is missing is skipped, unless
 * {@value #REQUIRE_TOOLS} is {@code true}, as {@code .ci/run} sets it after installing them: then it fails.
 */
class HttpRecipesTests {

	static final String REQUIRE_TOOLS = "DORA_TEST_REQUIRE_RECIPE_TOOLS";

	private static final String DOCUMENTED_URL = "http://localhost:8080";

	private static HttpProvider provider;

	private final JsonMapper json = JsonMapper.builder().build();

	@TempDir
	Path work;

	@BeforeAll
	static void start() {
		provider = HttpProvider.start("dora.security.keys.demo=demo-secret-0123456789",
				"dora.security.audiences=group1", "dora.server.control.enabled=true");
	}

	@AfterAll
	static void stop() {
		provider.close();
	}

	@Test
	void shellRecipeSendsASignedJsonBodyWithADeadline() throws Exception {
		requireTools("sh", "curl", "openssl");
		JsonNode reply = this.json.readTree(run("shell", "recipe.sh", "sh", "recipe.sh"));
		assertThat(reply.path("code").asInt()).as(reply.toString()).isZero();
		assertThat(reply.path("data").path("oak").path("data").path("param").path("dsaf").asString())
			.isEqualTo("32111321");
	}

	@Test
	void shellControlCommandIsAnsweredToASignedCaller() throws Exception {
		requireTools("sh", "curl", "openssl");
		JsonNode reply = this.json.readTree(run("shell-command", "command.sh", "sh", "command.sh"));
		assertThat(reply.path("code").asInt()).as(reply.toString()).isZero();
		assertThat(reply.path("data").path("server").has("uptime_ms")).isTrue();
	}

	@Test
	void phpRecipeSendsTheOriginalSignedForm() throws Exception {
		requireTools("php");
		JsonNode reply = this.json.readTree(run("php", "recipe.php", "php", "recipe.php"));
		assertThat(reply.path("code").asInt()).as(reply.toString()).isZero();
		assertThat(reply.path("guid").asString()).isEqualTo("0123456789abcdef0123456789abcdef");
		assertThat(reply.path("data").path("oak").path("code").asInt()).isZero();
	}

	@Test
	void pythonRecipeCallsOneApiWithAQuery() throws Exception {
		requireTools("python3");
		requireTool("python3", "-c", "import requests");
		String output = run("python", "recipe.py", "python3", "recipe.py");
		assertThat(output).startsWith("200 ");
		JsonNode reply = this.json.readTree(output.substring(4));
		assertThat(reply.path("data").path("data").path("api").asString()).isEqualTo("/module_d/oakdf");
	}

	@Test
	void goRecipeSendsASignedFireAndForget() throws Exception {
		requireTools("go");
		String output = run("go", "recipe.go", "go", "run", "recipe.go");
		assertThat(output).startsWith("200 ");
		assertThat(this.json.readTree(output.substring(4)).path("code").asInt()).isEqualTo(DoraCodes.ACCEPTED);
	}

	/** Writes the recipe to a file, pointed at the provider, and runs it; returns what it printed. */
	private String run(String recipe, String file, String... command) throws Exception {
		String source = recipe(recipe).replace(DOCUMENTED_URL, provider.uri("").toString());
		assertThat(source).as("the recipe %s calls the provider", recipe).contains(provider.uri("").toString());
		Files.writeString(this.work.resolve(file), source, StandardCharsets.UTF_8);
		ProcessBuilder builder = new ProcessBuilder(command).directory(this.work.toFile()).redirectErrorStream(true);
		Map<String, String> environment = builder.environment();
		// Go keeps its build cache under the home directory; this test's own, removed with the temporary folder.
		environment.put("GOCACHE", this.work.resolve("go-cache").toString());
		environment.put("GOPATH", this.work.resolve("go-path").toString());
		environment.put("GOFLAGS", "-modcacherw");
		Process process = builder.start();
		try {
			String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
			assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("%s finished", recipe).isTrue();
			assertThat(process.exitValue()).as("%s exit value, output:%n%s", recipe, output).isZero();
			return output.lines().reduce((first, last) -> last).orElse("");
		}
		finally {
			process.destroyForcibly();
		}
	}

	/** The code of the fenced block that follows {@code <!-- recipe:name -->} in docs/http.md. */
	static String recipe(String name) throws IOException {
		String doc = Files.readString(RepositoryFiles.find("docs/http.md"),
				StandardCharsets.UTF_8);
		Matcher block = Pattern.compile("<!-- recipe:" + Pattern.quote(name) + " -->\\s*```\\w+\\n(.*?)```",
				Pattern.DOTALL).matcher(doc);
		assertThat(block.find()).as("docs/http.md has a recipe:" + name + " block").isTrue();
		return block.group(1);
	}

	private static void requireTools(String... tools) throws Exception {
		for (String tool : tools) {
			requireTool("sh", "-c", "command -v " + tool);
		}
	}

	private static void requireTool(String... check) throws Exception {
		List<String> command = new ArrayList<>(List.of(check));
		Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
		process.getInputStream().readAllBytes();
		boolean present = process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0;
		if (!present && Boolean.parseBoolean(System.getenv(REQUIRE_TOOLS))) {
			throw new AssertionError(String.join(" ", check) + " failed, and " + REQUIRE_TOOLS + " is set");
		}
		Assumptions.assumeTrue(present, () -> String.join(" ", check) + " failed: the tool is not installed");
	}

}
