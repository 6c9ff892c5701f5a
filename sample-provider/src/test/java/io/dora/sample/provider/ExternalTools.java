package io.dora.sample.provider;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The programs the end-to-end tests of the OpenAPI document run, as Debian packages them ({@code .ci/run} installs
 * them): Chromium and its driver, and Python with the runtime of the generated client. A test fails, naming the
 * packages, when one is missing: it never passes without having run.
 */
final class ExternalTools {

	static final String PACKAGES = "chromium chromium-driver python3 python3-pydantic python3-urllib3 python3-dateutil";

	private ExternalTools() {
	}

	static Path chromium() {
		return program("DORA_TEST_CHROMIUM", "/usr/bin/chromium");
	}

	static Path chromeDriver() {
		return program("DORA_TEST_CHROMEDRIVER", "/usr/bin/chromedriver");
	}

	/** Debian's Python, whose packages the generated client imports (not a Python of a version manager). */
	static Path python() {
		return program("DORA_TEST_PYTHON", "/usr/bin/python3");
	}

	private static Path program(String variable, String debianPath) {
		String configured = System.getenv(variable);
		Path program = Path.of((configured != null && !configured.isBlank()) ? configured : debianPath);
		assertThat(Files.isExecutable(program))
			.as("%s is missing: install the Debian packages %s (as .ci/run does), or point %s at it", program, PACKAGES,
					variable)
			.isTrue();
		return program;
	}

	/** The java launcher of this JVM. */
	static String java() {
		return ProcessHandle.current().info().command().orElse("java");
	}

	/**
	 * Runs a command to its end, bounded in time, with its output in a file.
	 * @return the exit code and the output
	 */
	static Result run(Path output, Duration limit, String... command) throws IOException, InterruptedException {
		Files.createDirectories(output.getParent());
		Process process = new ProcessBuilder(command).redirectErrorStream(true)
			.redirectOutput(output.toFile())
			.start();
		try {
			if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
				throw new AssertionError(String.join(" ", command) + " did not finish within " + limit + "; output: "
						+ Files.readString(output));
			}
			return new Result(process.exitValue(), Files.readString(output));
		}
		finally {
			process.destroyForcibly();
		}
	}

	/**
	 * How a command ended.
	 *
	 * @param exitCode its exit code
	 * @param output what it printed
	 */
	record Result(int exitCode, String output) {

	}

}
