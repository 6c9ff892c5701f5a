package io.dora.test;

import java.io.IOException;
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

	private final String name;

	private final CompletableFuture<Ports> ready = new CompletableFuture<>();

	private ChildJvm jvm;

	private ProviderProcess(String name) {
		this.name = name;
	}

	/**
	 * Starts a provider and waits until its Dora server is bound. It runs with a 256 MB heap and, as operators are
	 * told to run providers, exits on an {@link OutOfMemoryError} rather than limping on.
	 * @param name a name for messages (also a sensible {@code test.provider.name})
	 * @param properties Spring properties as {@code key=value}; {@value #WEB_PROPERTY}{@code =true} makes it a
	 * servlet web application with Dora's HTTP endpoint on {@code server.port}
	 */
	public static ProviderProcess start(String name, List<String> properties) throws IOException {
		return start(name, List.of(), properties);
	}

	/**
	 * Starts a provider with a launcher, such as {@code ip netns exec <namespace>}, and waits until its Dora server
	 * is bound.
	 */
	public static ProviderProcess start(String name, List<String> launcher, List<String> properties)
			throws IOException {
		ProviderProcess provider = new ProviderProcess(name);
		List<String> arguments = properties.stream().map((property) -> "--" + property).toList();
		provider.jvm = ChildJvm.start(name, launcher, Main.class, arguments, provider::onLine,
				() -> provider.ready.completeExceptionally(
						new TimeoutException("the process ended before its server was bound")));
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

	/** The port its Dora server listens on. */
	public int port() {
		return this.ready.join().tcp();
	}

	/** The port of its HTTP endpoint, or -1 when it is not a web application. */
	public int httpPort() {
		return this.ready.join().http();
	}

	/** Its address on loopback. */
	public String endpoint() {
		return "127.0.0.1:" + port();
	}

	public long pid() {
		return this.jvm.pid();
	}

	public boolean isAlive() {
		return this.jvm.isAlive();
	}

	/** SIGKILL: the process dies at once, deregistering nothing and closing its sockets with a reset. */
	public void kill() {
		this.jvm.kill();
	}

	/** SIGTERM: Spring's shutdown hook closes the application gracefully. */
	public void terminate() {
		this.jvm.terminate();
	}

	/** SIGSTOP: the process is frozen; its sockets stay open but nothing answers. */
	public void suspend() throws IOException, InterruptedException {
		this.jvm.signal("STOP");
	}

	/** SIGCONT: a suspended process carries on. */
	public void resume() throws IOException, InterruptedException {
		this.jvm.signal("CONT");
	}

	/** The last lines the process printed. */
	public String output() {
		return this.jvm.output();
	}

	@Override
	public void close() {
		if (this.jvm.isAlive()) {
			kill();
		}
	}

	@Override
	public String toString() {
		return "provider process " + this.name + " (pid " + pid() + ")";
	}

	private void onLine(String line) {
		if (line.startsWith(READY_MARKER)) {
			this.ready.complete(Ports.parse(line.substring(READY_MARKER.length())));
		}
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
