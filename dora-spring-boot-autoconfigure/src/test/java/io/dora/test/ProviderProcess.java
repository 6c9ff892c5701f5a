package io.dora.test;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.dora.server.DoraServer;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.event.ContextClosedEvent;

/**
 * A Dora provider in a child JVM, started from the test classpath, for faults that only a separate process can
 * show: killed without a chance to deregister ({@link #kill()}, SIGKILL), frozen ({@link #suspend()}, SIGSTOP), or
 * shut down by a signal ({@link #terminate()}, SIGTERM, which runs Spring's graceful shutdown). The child is
 * {@link DoraTestApplications.ProviderApplication} configured by the properties given to {@link #start}; its output
 * is kept for failure messages.
 */
public final class ProviderProcess implements AutoCloseable {

	static final String READY_MARKER = "DORA-PROVIDER-READY port=";

	private static final int KEPT_LINES = 400;

	private final String name;

	private final Process process;

	private final Deque<String> output = new ArrayDeque<>();

	private final CompletableFuture<Ports> ready = new CompletableFuture<>();

	private ProviderProcess(String name, Process process) {
		this.name = name;
		this.process = process;
		Thread reader = new Thread(this::readOutput, "provider-process-" + name);
		reader.setDaemon(true);
		reader.start();
	}

	/**
	 * Starts a provider and waits until its Dora server is bound. It runs with a 256 MB heap and, as operators are
	 * told to run providers, exits on an {@link OutOfMemoryError} rather than limping on.
	 * @param name a name for messages (also a sensible {@code test.provider.name})
	 * @param properties Spring properties as {@code key=value}; {@value #WEB_PROPERTY}{@code =true} makes it a
	 * servlet web application with Dora's HTTP endpoint on {@code server.port}
	 */
	public static ProviderProcess start(String name, List<String> properties) throws IOException {
		List<String> command = new ArrayList<>();
		command.add(System.getProperty("java.home") + File.separator + "bin" + File.separator + "java");
		command.addAll(List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx256m", "-Xshare:auto",
				"-XX:+ExitOnOutOfMemoryError", "-cp", System.getProperty("java.class.path"), Main.class.getName()));
		properties.forEach((property) -> command.add("--" + property));
		Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
		ProviderProcess provider = new ProviderProcess(name, process);
		try {
			provider.ready.get(60, TimeUnit.SECONDS);
		}
		catch (Exception ex) {
			provider.kill();
			throw new IOException("Provider process " + name + " did not start: " + ex + "\n" + provider.output(), ex);
		}
		return provider;
	}

	public String name() {
		return this.name;
	}

	/** The port its Dora server listens on (on 127.0.0.1). */
	public int port() {
		return this.ready.join().tcp();
	}

	/** The port of its HTTP endpoint, or -1 when it is not a web application. */
	public int httpPort() {
		return this.ready.join().http();
	}

	public String endpoint() {
		return "127.0.0.1:" + port();
	}

	public long pid() {
		return this.process.pid();
	}

	public boolean isAlive() {
		return this.process.isAlive();
	}

	/** SIGKILL: the process dies at once, deregistering nothing and closing its sockets with a reset. */
	public void kill() {
		this.process.destroyForcibly();
		awaitExit();
	}

	/** SIGTERM: Spring's shutdown hook closes the application gracefully. */
	public void terminate() {
		this.process.destroy();
		awaitExit();
	}

	/** SIGSTOP: the process is frozen; its sockets stay open but nothing answers. */
	public void suspend() throws IOException, InterruptedException {
		signal("STOP");
	}

	/** SIGCONT: a suspended process carries on. */
	public void resume() throws IOException, InterruptedException {
		signal("CONT");
	}

	/** The last lines the process printed. */
	public String output() {
		synchronized (this.output) {
			return String.join("\n", this.output);
		}
	}

	@Override
	public void close() {
		if (this.process.isAlive()) {
			kill();
		}
	}

	@Override
	public String toString() {
		return "provider process " + this.name + " (pid " + pid() + ")";
	}

	private void signal(String signal) throws IOException, InterruptedException {
		Process kill = new ProcessBuilder("kill", "-" + signal, String.valueOf(pid())).inheritIO().start();
		if (kill.waitFor() != 0) {
			throw new IOException("kill -" + signal + " " + pid() + " failed");
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

	private void readOutput() {
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
				if (line.startsWith(READY_MARKER)) {
					this.ready.complete(Ports.parse(line.substring(READY_MARKER.length())));
				}
			}
		}
		catch (IOException | RuntimeException ex) {
			// The process is gone.
		}
		this.ready.completeExceptionally(new TimeoutException("the process ended before its server was bound"));
	}

	/** The property that makes the child a servlet web application. */
	public static final String WEB_PROPERTY = "test.provider.web";

	/**
	 * The ports the child announced.
	 *
	 * @param tcp its Dora server's port
	 * @param http its HTTP port, or -1
	 */
	record Ports(int tcp, int http) {

		static Ports parse(String announced) {
			String[] parts = announced.trim().split(" http=");
			return new Ports(Integer.parseInt(parts[0]), (parts.length > 1) ? Integer.parseInt(parts[1]) : -1);
		}

	}

	/** The child's main class: a provider application that says on stdout when its server is bound. */
	public static final class Main {

		private Main() {
		}

		public static void main(String[] args) throws InterruptedException {
			CountDownLatch closed = new CountDownLatch(1);
			boolean web = List.of(args).contains("--" + WEB_PROPERTY + "=true");
			ConfigurableApplicationContext context = new SpringApplicationBuilder(
					web ? DoraTestApplications.WebProviderApplication.class
							: DoraTestApplications.ProviderApplication.class)
				.web(web ? WebApplicationType.SERVLET : WebApplicationType.NONE)
				.listeners((ApplicationListener<ContextClosedEvent>) (event) -> closed.countDown())
				.run(args);
			String http = web ? " http=" + context.getEnvironment().getProperty("local.server.port") : "";
			System.out.println(READY_MARKER + context.getBean(DoraServer.class).port() + http);
			System.out.flush();
			// Live until the context is closed, by SIGTERM through Spring's shutdown hook.
			closed.await();
		}

	}

}
