package io.dora.test;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A JVM running a main class of the test sources with the test classpath, for what only a separate process can
 * show. Its output is kept for failure messages and handed line by line to a listener. A launcher such as
 * {@code ip netns exec <namespace>} runs it elsewhere.
 */
final class ChildJvm {

	private static final int KEPT_LINES = 400;

	private final Process process;

	private final Deque<String> output = new ArrayDeque<>();

	private ChildJvm(String name, Process process, Consumer<String> lines, Runnable ended) {
		this.process = process;
		Thread reader = new Thread(() -> readOutput(lines, ended), "child-jvm-" + name);
		reader.setDaemon(true);
		reader.start();
	}

	/**
	 * @param name a name for the output reader's thread
	 * @param launcher a command the JVM is started with, or an empty list
	 * @param main the main class
	 * @param arguments its arguments
	 * @param lines told every line the JVM prints, on the reader's thread
	 * @param ended told when its output ends, that is when it exits
	 */
	static ChildJvm start(String name, List<String> launcher, Class<?> main, List<String> arguments,
			Consumer<String> lines, Runnable ended) throws IOException {
		List<String> command = new ArrayList<>(launcher);
		command.add(System.getProperty("java.home") + File.separator + "bin" + File.separator + "java");
		command.addAll(List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx256m", "-Xshare:auto",
				"-XX:+ExitOnOutOfMemoryError", "-cp", System.getProperty("java.class.path"), main.getName()));
		command.addAll(arguments);
		Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
		return new ChildJvm(name, process, lines, ended);
	}

	long pid() {
		return this.process.pid();
	}

	boolean isAlive() {
		return this.process.isAlive();
	}

	OutputStream stdin() {
		return this.process.getOutputStream();
	}

	/** SIGKILL, and waits for the exit. */
	void kill() {
		this.process.destroyForcibly();
		awaitExit();
	}

	/** SIGTERM, and waits for the exit. */
	void terminate() {
		this.process.destroy();
		awaitExit();
	}

	void signal(String signal) throws IOException, InterruptedException {
		Process kill = new ProcessBuilder("kill", "-" + signal, String.valueOf(pid())).inheritIO().start();
		if (kill.waitFor() != 0) {
			throw new IOException("kill -" + signal + " " + pid() + " failed");
		}
	}

	/** The last lines the JVM printed. */
	String output() {
		synchronized (this.output) {
			return String.join("\n", this.output);
		}
	}

	private void awaitExit() {
		try {
			if (!this.process.waitFor(30, TimeUnit.SECONDS)) {
				this.process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private void readOutput(Consumer<String> lines, Runnable ended) {
		try (BufferedReader reader = new BufferedReader(
				new InputStreamReader(this.process.getInputStream(), StandardCharsets.UTF_8))) {
			String line;
			while ((line = reader.readLine()) != null) {
				synchronized (this.output) {
					this.output.addLast(line);
					if (this.output.size() > KEPT_LINES) {
						this.output.removeFirst();
					}
				}
				lines.accept(line);
			}
		}
		catch (IOException | RuntimeException ex) {
			// The process is gone.
		}
		ended.run();
	}

}
