package io.dora.test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

import io.dora.client.DoraTemplate;
import io.dora.client.EndpointHealth;
import io.dora.discovery.DoraEndpoint;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A Dora consumer in a child JVM, for tests that must run it somewhere else than this JVM, such as in a network
 * namespace of its own. The test drives it one command at a time over its stdin; the child answers with lines of its
 * own. Times are {@link System#nanoTime()} of the child, which on Linux is the machine's monotonic clock, the same in
 * every process, so they compare with the test's.
 */
public final class ConsumerProcess implements AutoCloseable {

	static final String READY = "DORA-CONSUMER-READY";

	static final String REPLY = "DORA-REPLY ";

	static final String END = "DORA-REPLY-END";

	private final String name;

	private final CompletableFuture<Void> ready = new CompletableFuture<>();

	private final BlockingQueue<String> replies = new LinkedBlockingQueue<>();

	private ChildJvm jvm;

	private ConsumerProcess(String name) {
		this.name = name;
	}

	/**
	 * Starts a consumer ({@link DoraTestApplications.ConsumerApplication}) and waits until its context is ready.
	 * @param launcher a command to start the JVM with, such as {@code ip netns exec <namespace>}
	 * @param properties Spring properties as {@code key=value}
	 */
	public static ConsumerProcess start(String name, List<String> launcher, List<String> properties)
			throws IOException {
		ConsumerProcess consumer = new ConsumerProcess(name);
		List<String> arguments = properties.stream().map((property) -> "--" + property).toList();
		consumer.jvm = ChildJvm.start(name, launcher, Main.class, arguments, consumer::onLine,
				() -> consumer.ready.completeExceptionally(new TimeoutException("the process ended")));
		try {
			consumer.ready.get(60, TimeUnit.SECONDS);
		}
		catch (Exception ex) {
			consumer.jvm.kill();
			throw new IOException("Consumer process " + name + " did not start: " + ex + "\n" + consumer.jvm.output(),
					ex);
		}
		return consumer;
	}

	/** The providers of a group in the consumer's view: {@code host:port} with {@code live} or {@code draining}. */
	public Map<String, String> view(String group) {
		Map<String, String> view = new LinkedHashMap<>();
		for (String line : ask("view " + group)) {
			String[] fields = line.split(" ");
			view.put(fields[0], fields[1]);
		}
		return view;
	}

	/** Starts {@code threads} threads calling {@code /whoami} on the group, one call after the other. */
	public void startCalls(String group, int threads) {
		ask("calls " + group + " " + threads);
	}

	/** How many of the calls started after {@code sinceNanos} each provider answered, by its name. */
	public Map<String, Integer> answersSince(long sinceNanos) {
		Map<String, Integer> answers = new LinkedHashMap<>();
		for (String line : ask("answers " + sinceNanos)) {
			String[] fields = line.split(" ");
			answers.put(fields[0], Integer.parseInt(fields[1]));
		}
		return answers;
	}

	/** Every call that failed so far. */
	public List<FailedCall> failures() {
		return ask("failures").stream().map(FailedCall::parse).toList();
	}

	/** Whether the client took the provider out of rotation. */
	public boolean isEjected(String endpoint) {
		return Boolean.parseBoolean(ask("ejected " + endpoint).get(0));
	}

	/** Stops the calls and waits for the last ones. */
	public void stopCalls() {
		ask("stop");
	}

	public String output() {
		return this.jvm.output();
	}

	@Override
	public void close() {
		if (this.jvm != null && this.jvm.isAlive()) {
			this.jvm.kill();
		}
	}

	@Override
	public String toString() {
		return "consumer process " + this.name + " (pid " + this.jvm.pid() + ")";
	}

	/** Sends a command and returns the lines of its reply; fails when the child does not answer within 60 s. */
	private synchronized List<String> ask(String command) {
		List<String> lines = new ArrayList<>();
		try {
			OutputStream stdin = this.jvm.stdin();
			stdin.write((command + "\n").getBytes(StandardCharsets.UTF_8));
			stdin.flush();
			while (true) {
				String line = this.replies.poll(60, TimeUnit.SECONDS);
				if (line == null) {
					throw new IOException("No reply to '" + command + "' within 60 s:\n" + output());
				}
				if (line.equals(END)) {
					return lines;
				}
				lines.add(line);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted", ex);
		}
	}

	private void onLine(String line) {
		if (line.equals(READY)) {
			this.ready.complete(null);
		}
		else if (line.equals(END)) {
			this.replies.add(END);
		}
		else if (line.startsWith(REPLY)) {
			this.replies.add(line.substring(REPLY.length()));
		}
	}

	/**
	 * A call that failed.
	 *
	 * @param startNanos when it started
	 * @param endNanos when it failed
	 * @param code its Dora code
	 */
	public record FailedCall(long startNanos, long endNanos, int code) {

		static FailedCall parse(String line) {
			String[] fields = line.split(" ");
			return new FailedCall(Long.parseLong(fields[0]), Long.parseLong(fields[1]), Integer.parseInt(fields[2]));
		}

		public long elapsedMillis() {
			return TimeUnit.NANOSECONDS.toMillis(this.endNanos - this.startNanos);
		}

	}

	/** The child's main class: a consumer application that answers commands read from stdin. */
	public static final class Main {

		private Main() {
		}

		public static void main(String[] args) throws Exception {
			ConfigurableApplicationContext context = new SpringApplicationBuilder(
					DoraTestApplications.ConsumerApplication.class)
				.web(WebApplicationType.NONE)
				.run(args);
			DoraTemplate template = context.getBean(DoraTemplate.class);
			CallLoad load = null;
			System.out.println(READY);
			System.out.flush();
			BufferedReader commands = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
			String command;
			while ((command = commands.readLine()) != null) {
				String[] words = command.split(" ");
				List<String> reply = new ArrayList<>();
				switch (words[0]) {
					case "view" -> DoraTestApplications.redisDiscovery(context).view(words[1]).instances()
						.forEach((instance) -> reply.add(instance.endpoint() + " "
								+ (instance.draining() ? "draining" : "live")));
					case "calls" -> {
						DoraTemplate group = template.withGroup(words[1]);
						load = CallLoad.start(Integer.parseInt(words[2]), () -> group.call("/whoami", null, String.class));
					}
					case "answers" -> {
						long since = Long.parseLong(words[1]);
						load.outcomes().stream()
							.filter((outcome) -> outcome.startNanos() > since && outcome.answer() != null)
							.collect(Collectors.groupingBy(CallLoad.Outcome::answer, Collectors.counting()))
							.forEach((answer, count) -> reply.add(answer + " " + count));
					}
					case "failures" -> load.failures().forEach((failure) -> reply
						.add(failure.startNanos() + " " + failure.endNanos() + " " + failure.code()));
					case "ejected" -> reply.add(String.valueOf(context.getBean(EndpointHealth.class)
						.isEjected(DoraEndpoint.parse(words[1]))));
					case "stop" -> load.close();
					default -> reply.add("unknown command " + command);
				}
				reply.forEach((line) -> System.out.println(REPLY + line));
				System.out.println(END);
				System.out.flush();
			}
			context.close();
		}

	}

}
