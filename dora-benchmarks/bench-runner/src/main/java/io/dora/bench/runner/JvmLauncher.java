package io.dora.bench.runner;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * Starts benchmark JVMs from a module's compiled classes and the classpath file its build wrote, every one with the
 * same JDK and the same heap flags, and keeps their output in log files.
 */
final class JvmLauncher {

	/** The flags of every server and driver JVM. */
	static final List<String> JVM_FLAGS = List.of("-Xms512m", "-Xmx512m", "-XX:+UseG1GC");

	private final Path benchmarksDir;

	private final Path logDir;

	private final List<String> serverJvmArgs;

	private final List<String> driverJvmArgs;

	/**
	 * @param serverJvmArgs extra flags for server JVMs (profiling), {@code {log}} replaced by the log name
	 * @param driverJvmArgs extra flags for driver JVMs
	 */
	JvmLauncher(Path benchmarksDir, Path logDir, List<String> serverJvmArgs, List<String> driverJvmArgs) {
		this.benchmarksDir = benchmarksDir;
		this.logDir = logDir;
		this.serverJvmArgs = serverJvmArgs;
		this.driverJvmArgs = driverJvmArgs;
	}

	static String javaCommand() {
		return Path.of(System.getProperty("java.home"), "bin", "java").toString();
	}

	private String classpath(String module) {
		Path moduleDir = this.benchmarksDir.resolve(module);
		Path file = moduleDir.resolve("target/classpath.txt");
		try {
			return moduleDir.resolve("target/classes") + ":" + Files.readString(file).trim();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Build the benchmarks first (missing " + file + ")", ex);
		}
	}

	/** Starts {@code main} of {@code module}; output goes to {@code <logName>.log}. */
	Jvm start(String logName, String module, String main, List<String> args) {
		List<String> command = new ArrayList<>();
		command.add(javaCommand());
		command.addAll(JVM_FLAGS);
		for (String extra : logName.contains("-driver") ? this.driverJvmArgs : this.serverJvmArgs) {
			command.add(extra.replace("{log}", this.logDir.resolve(logName).toString()));
		}
		command.add("-cp");
		command.add(classpath(module));
		command.add(main);
		command.addAll(args);
		return Jvm.start(command, this.logDir.resolve(logName + ".log"));
	}

	/** A started process whose output lines are logged and kept for matching. */
	static final class Jvm {

		final Process process;

		private final List<String> lines = new ArrayList<>();

		private Jvm(Process process) {
			this.process = process;
		}

		static Jvm start(List<String> command, Path log) {
			try {
				Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
				Jvm jvm = new Jvm(process);
				Thread reader = new Thread(() -> jvm.pump(log), "output-" + log.getFileName());
				reader.setDaemon(true);
				reader.start();
				return jvm;
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}

		private void pump(Path log) {
			try (BufferedReader in = new BufferedReader(
					new InputStreamReader(this.process.getInputStream(), StandardCharsets.UTF_8));
					PrintWriter out = new PrintWriter(Files.newBufferedWriter(log, StandardCharsets.UTF_8))) {
				String line;
				while ((line = in.readLine()) != null) {
					out.println(line);
					out.flush();
					synchronized (this.lines) {
						this.lines.add(line);
						this.lines.notifyAll();
					}
				}
			}
			catch (IOException ex) {
				// the process ended
			}
		}

		long pid() {
			return this.process.pid();
		}

		/** Waits for a line matching {@code test}; returns it, or {@code null} on timeout or exit. */
		String awaitLine(Predicate<String> test, long timeoutMillis) {
			long deadline = System.currentTimeMillis() + timeoutMillis;
			int seen = 0;
			synchronized (this.lines) {
				while (true) {
					for (; seen < this.lines.size(); seen++) {
						if (test.test(this.lines.get(seen))) {
							return this.lines.get(seen);
						}
					}
					long left = deadline - System.currentTimeMillis();
					if (left <= 0 || (!this.process.isAlive() && seen == this.lines.size())) {
						return null;
					}
					try {
						this.lines.wait(Math.min(left, 500));
					}
					catch (InterruptedException ex) {
						Thread.currentThread().interrupt();
						return null;
					}
				}
			}
		}

		List<String> lines() {
			synchronized (this.lines) {
				return new ArrayList<>(this.lines);
			}
		}

		boolean waitFor(long timeoutMillis) {
			try {
				return this.process.waitFor(timeoutMillis, TimeUnit.MILLISECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return false;
			}
		}

		/** Stops the process: SIGTERM, then SIGKILL after 15 s. */
		void stop() {
			if (!this.process.isAlive()) {
				return;
			}
			this.process.destroy();
			if (!waitFor(15_000)) {
				this.process.destroyForcibly();
				waitFor(5_000);
			}
		}

	}

}
