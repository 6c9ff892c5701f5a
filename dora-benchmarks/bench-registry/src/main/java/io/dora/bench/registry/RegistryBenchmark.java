package io.dora.bench.registry;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import io.dora.bench.registry.SimulatedProviders.Provider;
import io.dora.bench.registry.WatchingConsumers.Expectation;
import io.dora.bench.registry.WatchingConsumers.State;
import io.dora.discovery.redis.RedisRegistryKeys;
import io.dora.discovery.redis.RedisRegistryOperations;
import io.dora.discovery.redis.RedisServiceDiscovery;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.lettuce.core.resource.Delay;
import org.HdrHistogram.Histogram;

import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * The registry at scale, on one local Redis: simulated provider registrations in groups and consumers watching them
 * (see BENCHMARKS.md). Measures Redis's commands, bytes, CPU and memory at steady state, how long consumers take to
 * see a provider arrive, drain, leave or die, and a Redis restart with everything registering again. Prints a
 * Markdown report and writes it under {@code dora-benchmarks/target/results/}.
 */
public final class RegistryBenchmark {

	private static final String PREFIX = "dora-bench";

	/**
	 * What Dora's clients send (Lettuce's connection set-up included); every other command runs inside a script.
	 * The benchmark's own INFO calls are left out.
	 */
	private static final List<String> REQUESTS = List.of("evalsha", "eval", "script", "zrange", "subscribe",
			"unsubscribe", "ping", "hello", "client", "select");

	private final RegistryOptions options;

	private final PrintStream out;

	private final List<String> report = new ArrayList<>();

	private final List<LettuceConnectionFactory> factories = new ArrayList<>();

	private RegistryBenchmark(RegistryOptions options, PrintStream out) {
		this.options = options;
		this.out = out;
	}

	public static void main(String[] args) throws Exception {
		RegistryOptions options = RegistryOptions.parse(args);
		RegistryBenchmark benchmark = new RegistryBenchmark(options, System.out);
		try {
			benchmark.run();
		}
		catch (Exception ex) {
			ex.printStackTrace();
			// The clients' threads would keep the JVM alive.
			System.exit(1);
		}
		Path results = Path.of("dora-benchmarks", "target", "results",
				"registry-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
		Files.createDirectories(results);
		Files.writeString(results.resolve("report.md"), String.join("\n", benchmark.report) + "\n");
		System.out.println("\nReport written to " + results.resolve("report.md"));
		System.exit(0);
	}

	private void run() throws Exception {
		ClientResources resources = DefaultClientResources.builder().reconnectDelay(reconnectDelay()).build();
		try (RedisProcess redis = RedisProcess.start()) {
			row("# Registry at scale");
			row("");
			row("`dora-benchmarks/registry.sh " + this.options.commandLine() + "`");
			row("");
			row(redis.version() + "; JVM " + System.getProperty("java.version") + "; "
					+ Runtime.getRuntime().availableProcessors() + " cores");
			row("");
			List<RedisRegistryOperations> providerConnections = new ArrayList<>();
			for (int i = 0; i < this.options.providerConnections(); i++) {
				providerConnections.add(operations(connect(resources, redis)));
			}
			WatchingConsumers consumers = new WatchingConsumers(this.options, (consumer, settings) -> {
				LettuceConnectionFactory factory = connect(resources, redis);
				return new RedisServiceDiscovery(operations(factory), factory, settings);
			});
			try (SimulatedProviders providers = new SimulatedProviders(this.options, providerConnections)) {
				long start = System.nanoTime();
				providers.startAll();
				await("every provider registered", Duration.ofMinutes(2),
						() -> providers.registered() == this.options.providers());
				long keyMemory = redis.keyMemory();
				consumers.start();
				await("every consumer sees every provider of its groups", Duration.ofMinutes(2),
						() -> consumers.converged((group) -> endpoints(providers, group)));
				say("Registered and converged in " + seconds(System.nanoTime() - start));
				memory(redis, keyMemory);

				say("Warming up for " + this.options.warmup().toSeconds() + " s");
				TimeUnit.MILLISECONDS.sleep(this.options.warmup().toMillis());
				steadyState(redis, "Steady state", this.options.measure());
				propagation(providers, consumers);
				if (this.options.restart()) {
					restart(redis, providers, consumers);
				}
			}
			finally {
				consumers.close();
				this.factories.forEach(LettuceConnectionFactory::destroy);
			}
		}
		finally {
			resources.shutdown(0, 2, TimeUnit.SECONDS);
		}
	}

	/** Redis memory per registration (its keys) and per connection (client buffers), once all have registered. */
	private void memory(RedisProcess redis, long keyMemory) {
		Map<String, String> info = redis.info();
		long clients = (long) number(info, "connected_clients");
		row("## Redis memory");
		row("");
		row("| | bytes |");
		row("|---|---|");
		row("| per registration: its record, its index entry, a share of its group's index and clock (MEMORY USAGE of"
				+ " every key, " + redis.keys() + " keys, over " + this.options.providers() + " registrations) | "
				+ keyMemory / this.options.providers() + " |");
		row("| per connection: client buffers (mem_clients_normal over " + clients + " connections) | "
				+ (long) number(info, "mem_clients_normal") / clients + " |");
		row("| used_memory, all registered and connected | " + info.get("used_memory") + " |");
		row("");
	}

	/** Commands, bytes and CPU of Redis over a window; the peak 250 ms against the mean. */
	private void steadyState(RedisProcess redis, String title, Duration window) throws InterruptedException {
		say(title + ": measuring for " + window.toSeconds() + " s");
		Map<String, String> before = redis.info();
		long[] operationsBefore = CountingOperations.snapshot();
		RateSampler sampler = RateSampler.start(redis, Duration.ofMillis(250));
		TimeUnit.MILLISECONDS.sleep(window.toMillis());
		sampler.stop();
		long[] operationsAfter = CountingOperations.snapshot();
		Map<String, String> after = redis.info();
		double seconds = window.toNanos() / 1e9;
		row("## " + title + " (" + window.toSeconds() + " s)");
		row("");
		row("| | per second |");
		row("|---|---|");
		row("| requests from clients (" + String.join(", ", REQUESTS) + ") | "
				+ String.format(Locale.ROOT, "%.0f", requests(before, after) / seconds) + " |");
		row("| commands run, scripts' own calls included (total_commands_processed) | "
				+ rate(before, after, "total_commands_processed", seconds) + " |");
		row("| bytes in | " + rate(before, after, "total_net_input_bytes", seconds) + " |");
		row("| bytes out | " + rate(before, after, "total_net_output_bytes", seconds) + " |");
		double cpu = (number(after, "used_cpu_sys") + number(after, "used_cpu_user") - number(before, "used_cpu_sys")
				- number(before, "used_cpu_user")) / seconds;
		row("| Redis CPU (share of one core) | " + String.format(Locale.ROOT, "%.1f %%", cpu * 100) + " |");
		row("| commands in the busiest 250 ms, as a rate | " + sampler.peak() + " (mean " + sampler.mean() + ") |");
		row("| heartbeats, whole-group reads, record reads, expiry checks | " + operations(operationsBefore,
				operationsAfter, seconds) + " |");
		row("");
		row("Commands by name (calls per second, scripts' own calls included):");
		row("");
		Map<String, Long> calls = new TreeMap<>();
		after.forEach((name, value) -> {
			if (name.startsWith("cmdstat_")) {
				long previous = before.containsKey(name) ? calls(before.get(name)) : 0;
				long delta = calls(value) - previous;
				if (delta > 0) {
					calls.put(name.substring("cmdstat_".length()), delta);
				}
			}
		});
		row(calls.entrySet().stream()
			.map((entry) -> entry.getKey() + " " + String.format(Locale.ROOT, "%.1f", entry.getValue() / seconds))
			.collect(Collectors.joining(", ")));
		row("");
	}

	/** How long the watchers of a group take to see a provider arrive, drain, leave and die. */
	private void propagation(SimulatedProviders providers, WatchingConsumers consumers) throws InterruptedException {
		say("Propagation: " + this.options.events() + " providers added, drained and deregistered, killed");
		row("## Time for every watcher of a group to see a change (ms; " + this.options.events() + " events, "
				+ consumers.watchersOf(SimulatedProviders.group(0)).size() + " watchers each)");
		row("");
		row("| change | p50 | p99 | max | not seen |");
		row("|---|---|---|---|---|");

		Histogram added = new Histogram(3);
		int missing = 0;
		for (int i = 0; i < this.options.events(); i++) {
			String group = SimulatedProviders.group((i * 7) % this.options.groups());
			// The endpoint is known only once the provider exists; its first heartbeat runs after the expectation.
			Provider provider = providers.addLater(group);
			Expectation expectation = consumers.expect(group, provider.endpoint(), State.PRESENT);
			long start = System.nanoTime();
			provider.beat();
			missing += record(expectation, start, added, Duration.ofSeconds(30));
		}
		row(histogramRow("new provider (from its first heartbeat)", added, missing));

		Histogram draining = new Histogram(3);
		Histogram leaving = new Histogram(3);
		int missingDraining = 0;
		int missingLeaving = 0;
		for (int i = 0; i < this.options.events(); i++) {
			String group = SimulatedProviders.group((i * 7 + 3) % this.options.groups());
			Provider provider = providers.of(group).get(0);
			Expectation drained = consumers.expect(group, provider.endpoint(), State.DRAINING);
			long start = System.nanoTime();
			provider.drain();
			missingDraining += record(drained, start, draining, Duration.ofSeconds(30));
			Expectation left = consumers.expect(group, provider.endpoint(), State.ABSENT);
			start = System.nanoTime();
			provider.deregister();
			missingLeaving += record(left, start, leaving, Duration.ofSeconds(30));
		}
		row(histogramRow("provider draining (graceful stop begins)", draining, missingDraining));
		row(histogramRow("provider deregistered (graceful stop ends)", leaving, missingLeaving));

		List<Provider> victims = new ArrayList<>();
		List<Expectation> deaths = new ArrayList<>();
		for (int i = 0; i < this.options.events(); i++) {
			String group = SimulatedProviders.group((i * 7 + 5) % this.options.groups());
			Provider victim = providers.of(group).get(0);
			victims.add(victim);
			deaths.add(consumers.expect(group, victim.endpoint(), State.ABSENT));
		}
		long killedAt = System.nanoTime();
		victims.forEach(Provider::kill);
		Histogram fromKill = new Histogram(3);
		Histogram fromExpiry = new Histogram(3);
		int missingDeaths = 0;
		for (int i = 0; i < victims.size(); i++) {
			long expiry = victims.get(i).lastHeartbeatNanos() + this.options.ttl().toNanos();
			List<Long> seen = deaths.get(i).await(this.options.ttl().plusSeconds(30));
			missingDeaths += deaths.get(i).missing();
			for (long at : seen) {
				fromKill.recordValue(TimeUnit.NANOSECONDS.toMillis(at - killedAt));
				fromExpiry.recordValue(Math.max(0, TimeUnit.NANOSECONDS.toMillis(at - expiry)));
			}
		}
		row(histogramRow("dead provider gone (from the kill)", fromKill, missingDeaths));
		row(histogramRow("dead provider gone (from its record's expiry)", fromExpiry, missingDeaths));
		row("");
	}

	/** Redis killed and started again empty: everything registers again. */
	private void restart(RedisProcess redis, SimulatedProviders providers, WatchingConsumers consumers)
			throws Exception {
		int live = providers.live();
		long expectedKeys = live + 2L * this.options.groups();
		say("Restarting Redis empty with " + live + " providers registered");
		long start = System.nanoTime();
		redis.restartEmpty();
		long restarted = System.nanoTime();
		long[] operationsBefore = CountingOperations.snapshot();
		RateSampler sampler = RateSampler.start(redis, Duration.ofMillis(250));
		long[] progressAt = { System.nanoTime() };
		await("every provider registered again (" + expectedKeys + " keys)", Duration.ofMinutes(3), () -> {
			if (System.nanoTime() - progressAt[0] > TimeUnit.SECONDS.toNanos(5)) {
				progressAt[0] = System.nanoTime();
				Map<String, String> info = redis.info();
				say("after " + seconds(progressAt[0] - restarted) + ": " + redis.keys() + " keys, "
						+ info.get("connected_clients") + " clients, " + info.get("total_connections_received")
						+ " connections received, " + info.get("total_commands_processed") + " commands; heartbeats, "
						+ "whole-group reads, record reads, checks so far: "
						+ operations(operationsBefore, CountingOperations.snapshot(), 1) + "; last heartbeat failure: "
						+ providers.lastFailure);
			}
			return redis.keys() >= expectedKeys;
		});
		long registered = System.nanoTime();
		await("every consumer read every provider again", Duration.ofMinutes(3),
				() -> consumers.converged((group) -> endpoints(providers, group)));
		long converged = System.nanoTime();
		sampler.stop();
		long[] operationsAfter = CountingOperations.snapshot();
		row("## Redis restarted empty (killed, started again on the same port)");
		row("");
		row("| | |");
		row("|---|---|");
		row("| Redis down (kill to started) | " + seconds(restarted - start) + " |");
		row("| every registration back (from the start) | " + seconds(registered - restarted) + " |");
		row("| every consumer's view read again and complete | " + seconds(converged - restarted) + " |");
		row("| peak commands per second (busiest 250 ms) | " + sampler.peak() + " |");
		row("| commands until converged | " + sampler.total() + " |");
		row("| heartbeats, whole-group reads, record reads, expiry checks until converged | "
				+ operations(operationsBefore, operationsAfter, 1) + " |");
		row("");
		// The heartbeats that all resumed at once: do they stay in step? Two minutes later, over one minute.
		say("Waiting two minutes");
		TimeUnit.MINUTES.sleep(2);
		steadyState(redis, "Steady state two minutes after the restart", Duration.ofMinutes(1));
	}

	private int record(Expectation expectation, long start, Histogram histogram, Duration timeout)
			throws InterruptedException {
		for (long at : expectation.await(timeout)) {
			histogram.recordValue(Math.max(0, TimeUnit.NANOSECONDS.toMillis(at - start)));
		}
		return expectation.missing();
	}

	private static String histogramRow(String name, Histogram histogram, int missing) {
		return "| " + name + " | " + histogram.getValueAtPercentile(50) + " | " + histogram.getValueAtPercentile(99)
				+ " | " + histogram.getMaxValue() + " | " + missing + " of " + (histogram.getTotalCount() + missing)
				+ " |";
	}

	private Delay reconnectDelay() {
		return switch (this.options.reconnect()) {
			case "lettuce" -> Delay.exponential();
			case "exponential" -> Delay.exponential(Duration.ofMillis(100), Duration.ofSeconds(2), 2,
					TimeUnit.MILLISECONDS);
			case "jitter" -> Delay.fullJitter(Duration.ofMillis(100), Duration.ofSeconds(2), 100, TimeUnit.MILLISECONDS);
			default -> throw new IllegalArgumentException("--reconnect lettuce|exponential|jitter");
		};
	}

	private LettuceConnectionFactory connect(ClientResources resources, RedisProcess redis) {
		LettuceClientConfiguration configuration = LettuceClientConfiguration.builder()
			.clientResources(resources)
			.commandTimeout(Duration.ofSeconds(2))
			.shutdownTimeout(Duration.ZERO)
			.build();
		LettuceConnectionFactory factory = new LettuceConnectionFactory(
				new RedisStandaloneConfiguration(redis.host(), redis.port()), configuration);
		factory.setEagerInitialization(true);
		factory.afterPropertiesSet();
		factory.start();
		synchronized (this.factories) {
			this.factories.add(factory);
		}
		return factory;
	}

	private static RedisRegistryOperations operations(LettuceConnectionFactory factory) {
		return new CountingOperations(new StringRedisTemplate(factory), new RedisRegistryKeys(PREFIX));
	}

	private static Set<String> endpoints(SimulatedProviders providers, String group) {
		return providers.of(group).stream().map(Provider::endpoint).collect(Collectors.toSet());
	}



	private static String rate(Map<String, String> before, Map<String, String> after, String name, double seconds) {
		return String.format(Locale.ROOT, "%.0f", (number(after, name) - number(before, name)) / seconds);
	}

	private static double number(Map<String, String> info, String name) {
		return Double.parseDouble(info.get(name));
	}

	private static String operations(long[] before, long[] after, double seconds) {
		List<String> rates = new ArrayList<>();
		for (int i = 0; i < before.length; i++) {
			rates.add(String.format(Locale.ROOT, "%.1f", (after[i] - before[i]) / seconds));
		}
		return String.join(", ", rates);
	}

	/** Calls of the commands clients send: scripts, the index read, subscriptions and the connection's own. */
	private static long requests(Map<String, String> before, Map<String, String> after) {
		long requests = 0;
		for (String command : REQUESTS) {
			String name = "cmdstat_" + command;
			requests += (after.containsKey(name) ? calls(after.get(name)) : 0)
					- (before.containsKey(name) ? calls(before.get(name)) : 0);
		}
		return requests;
	}

	/** The {@code calls=} of a {@code cmdstat_} line. */
	private static long calls(String commandStat) {
		String calls = commandStat.substring(commandStat.indexOf("calls=") + 6);
		return Long.parseLong(calls.substring(0, calls.indexOf(',')));
	}

	private static String seconds(long nanos) {
		return String.format(Locale.ROOT, "%.2f s", nanos / 1e9);
	}

	private void row(String line) {
		this.report.add(line);
		this.out.println(line);
	}

	private void say(String line) {
		this.out.println("==> " + line);
	}

	private static void await(String what, Duration timeout, Check check) throws Exception {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (!check.holds()) {
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException("Not true within " + timeout + ": " + what);
			}
			TimeUnit.MILLISECONDS.sleep(50);
		}
	}

	@FunctionalInterface
	private interface Check {

		boolean holds() throws Exception;

	}

}
