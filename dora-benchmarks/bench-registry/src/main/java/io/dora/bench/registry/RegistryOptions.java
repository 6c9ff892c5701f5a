package io.dora.bench.registry;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.springframework.boot.convert.DurationStyle;

/**
 * What the registry benchmark simulates and for how long. Every option is {@code --name value}; the defaults are the
 * issue's scenario with Dora's default timings.
 *
 * @param providers simulated provider registrations
 * @param groups groups they are spread over, evenly
 * @param consumers consumers, each a {@code RedisServiceDiscovery} with connections of its own
 * @param groupsPerConsumer groups each consumer watches
 * @param providerConnections Redis connections the providers share (a real provider has one of its own)
 * @param heartbeat {@code dora.registry.heartbeat-interval}
 * @param ttl {@code dora.registry.ttl}
 * @param refresh {@code dora.registry.refresh-interval}
 * @param warmup time between convergence and the steady-state window
 * @param measure the steady-state window
 * @param events providers added, killed and drained for the propagation figures
 * @param restart whether to restart Redis, empty, at the end
 * @param reconnect the Redis client's reconnect delay: {@code lettuce} (Lettuce's default, exponential up to 30 s),
 * {@code exponential} (100 ms doubling up to 2 s) or {@code jitter} (the same, each drawn at random from the upper
 * half of its range, as DISCOVERY.md recommends); all connections lose Redis at the same instant when it restarts
 */
record RegistryOptions(int providers, int groups, int consumers, int groupsPerConsumer, int providerConnections,
		Duration heartbeat, Duration ttl, Duration refresh, Duration warmup, Duration measure, int events,
		boolean restart, String reconnect) {

	private static final Set<String> NAMES = Set.of("providers", "groups", "consumers", "groups-per-consumer",
			"provider-connections", "heartbeat", "ttl", "refresh", "warmup", "measure", "events", "restart",
			"reconnect");

	static RegistryOptions parse(String[] args) {
		Map<String, String> values = new LinkedHashMap<>();
		for (int i = 0; i + 1 < args.length; i += 2) {
			if (!args[i].startsWith("--")) {
				throw new IllegalArgumentException("Expected --name value, found " + args[i]);
			}
			values.put(args[i].substring(2), args[i + 1]);
		}
		int providers = Integer.parseInt(values.getOrDefault("providers", "1000"));
		RegistryOptions options = new RegistryOptions(providers, Integer.parseInt(values.getOrDefault("groups", "100")),
				Integer.parseInt(values.getOrDefault("consumers", "200")),
				Integer.parseInt(values.getOrDefault("groups-per-consumer", "10")),
				Integer.parseInt(values.getOrDefault("provider-connections", String.valueOf(providers))),
				duration(values, "heartbeat", "5s"), duration(values, "ttl", "15s"), duration(values, "refresh", "30s"),
				duration(values, "warmup", "30s"), duration(values, "measure", "60s"),
				Integer.parseInt(values.getOrDefault("events", "20")),
				Boolean.parseBoolean(values.getOrDefault("restart", "true")),
				values.getOrDefault("reconnect", "jitter"));
		Set<String> unknown = new TreeSet<>(values.keySet());
		unknown.removeAll(NAMES);
		if (!unknown.isEmpty()) {
			throw new IllegalArgumentException("Unknown options " + unknown + "; known: " + NAMES);
		}
		return options;
	}

	/** The options as the command line that gives them. */
	String commandLine() {
		return "--providers " + this.providers + " --groups " + this.groups + " --consumers " + this.consumers
				+ " --groups-per-consumer " + this.groupsPerConsumer + " --provider-connections "
				+ this.providerConnections + " --heartbeat " + print(this.heartbeat) + " --ttl " + print(this.ttl)
				+ " --refresh " + print(this.refresh) + " --warmup " + print(this.warmup) + " --measure "
				+ print(this.measure) + " --events " + this.events + " --restart " + this.restart + " --reconnect "
				+ this.reconnect;
	}

	private static Duration duration(Map<String, String> values, String name, String fallback) {
		return DurationStyle.detectAndParse(values.getOrDefault(name, fallback));
	}

	private static String print(Duration duration) {
		return DurationStyle.SIMPLE.print(duration);
	}

}
