package io.dora.bench.runner;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Turns result lines into the Markdown tables of BENCHMARKS.md: per scenario and peer the median and range of the
 * runs, the best other peer of the row, and Dora's ratio against it; where the raw-netty ceiling ran the row, every
 * Dora variant's figure as a fraction of it.
 */
final class Report {

	/** The peer whose figures are the ceiling of the machine: Dora's bytes over bare Netty. */
	static final String CEILING = "raw-netty";

	private final List<Map<String, Object>> results;

	Report(List<Map<String, Object>> results) {
		this.results = results;
	}

	String markdown() {
		StringBuilder out = new StringBuilder();
		throughputTable(out, "RPC peers: throughput", "dora", (scenario) -> !scenario.startsWith("http") && !scenario.startsWith("wrk")
				&& !scenario.equals("startup") && !scenario.equals("idle-connections"), false);
		latencyTable(out, "RPC peers: latency and CPU", "dora", (peer) -> !peer.equals("dora-http") && !peer.equals("mvc"));
		throughputTable(out, "HTTP: Dora's HTTP endpoint against Spring MVC (same Java client; wrk for server capacity)",
				"dora-http", (scenario) -> true, true);
		latencyTable(out, "HTTP: latency and CPU", "dora-http", (peer) -> peer.equals("dora-http") || peer.equals("mvc"));
		footprint(out);
		loopback(out);
		return out.toString();
	}

	private List<String> scenarios(Function<String, Boolean> include, boolean http) {
		Set<String> scenarios = new LinkedHashSet<>();
		for (Map<String, Object> result : this.results) {
			String peer = (String) result.get("peer");
			boolean httpPeer = peer.equals("dora-http") || peer.equals("mvc");
			String scenario = (String) result.get("scenario");
			if (httpPeer == http && include.apply(scenario) && !scenario.equals("startup")
					&& !scenario.equals("idle-connections") && !scenario.equals("loopback")) {
				scenarios.add(scenario);
			}
		}
		return new ArrayList<>(scenarios);
	}

	private List<String> peers(boolean http) {
		Set<String> peers = new LinkedHashSet<>();
		for (Map<String, Object> result : this.results) {
			String peer = (String) result.get("peer");
			boolean httpPeer = peer.equals("dora-http") || peer.equals("mvc");
			if (httpPeer == http && result.get("skipped") == null && result.get("callsPerSecond") != null) {
				peers.add(peer);
			}
		}
		List<String> ordered = new ArrayList<>(peers);
		ordered.sort(Comparator.comparing((String peer) -> !isDora(peer)));
		return ordered;
	}

	/** Dora and its variants, which are never the "other peer" Dora is compared with. */
	private static boolean isDora(String peer) {
		return peer.startsWith("dora");
	}

	/**
	 * Whether a peer is one Dora is compared with: not Dora itself, and not the raw-netty ceiling, which Dora's sync
	 * rows are shown as a fraction of instead.
	 */
	private static boolean isOtherPeer(String peer) {
		return !isDora(peer) && !peer.equals(CEILING);
	}

	private List<Map<String, Object>> runs(String scenario, String peer) {
		return this.results.stream()
			.filter((result) -> scenario.equals(result.get("scenario")) && peer.equals(result.get("peer"))
					&& result.get("skipped") == null)
			.toList();
	}

	private static String rateField(String scenario) {
		return scenario.startsWith("fanout") ? "opsPerSecond" : "callsPerSecond";
	}

	private void throughputTable(StringBuilder out, String title, String self, Function<String, Boolean> include,
			boolean http) {
		List<String> peers = peers(http);
		List<String> scenarios = scenarios(include, http);
		if (peers.isEmpty() || scenarios.isEmpty()) {
			return;
		}
		out.append("### ").append(title).append("\n\n");
		out.append("Median of the runs (min–max); calls/s, fan-outs/s for fan-out rows.\n\n");
		boolean ceiling = peers.contains(CEILING);
		out.append("| scenario | ").append(String.join(" | ", peers)).append(" | best other peer | ").append(self)
			.append(" ÷ best |").append(ceiling ? " ÷ " + CEILING + " |" : "").append('\n');
		out.append("|---|").append("---|".repeat(peers.size())).append("---|---|").append(ceiling ? "---|" : "")
			.append('\n');
		for (String scenario : scenarios) {
			out.append("| ").append(scenario);
			Map<String, Double> medians = new LinkedHashMap<>();
			for (String peer : peers) {
				Stats stats = Stats.of(runs(scenario, peer), rateField(scenario));
				out.append(" | ").append(stats.format());
				if (stats.count() > 0) {
					medians.put(peer, stats.median());
				}
				String extra = extras(scenario, peer);
				out.append(extra);
			}
			String best = medians.entrySet()
				.stream()
				.filter((entry) -> isOtherPeer(entry.getKey()))
				.max(Map.Entry.comparingByValue())
				.map(Map.Entry::getKey)
				.orElse(null);
			if (best != null && medians.containsKey(self)) {
				out.append(" | ").append(best).append(" | **")
					.append(String.format(Locale.ROOT, "%.2f×", medians.get(self) / medians.get(best))).append("**");
			}
			else {
				out.append(" | – | –");
			}
			if (ceiling) {
				out.append(" | ").append(fractionsOfCeiling(medians));
			}
			out.append(" |\n");
		}
		out.append('\n');
	}

	/** Each Dora variant's median as a fraction of the raw-netty ceiling's, for a row the ceiling ran. */
	private static String fractionsOfCeiling(Map<String, Double> medians) {
		Double roof = medians.get(CEILING);
		if (roof == null || roof <= 0) {
			return "–";
		}
		List<String> fractions = new ArrayList<>();
		medians.forEach((peer, median) -> {
			if (isDora(peer)) {
				fractions.add(peer + " " + String.format(Locale.ROOT, "%.2f", median / roof));
			}
		});
		return fractions.isEmpty() ? "–" : String.join(", ", fractions);
	}

	/** Errors and loss, when there were any, after the figure. */
	private String extras(String scenario, String peer) {
		long errors = 0;
		long lost = 0;
		boolean hasLoss = false;
		for (Map<String, Object> run : runs(scenario, peer)) {
			// A one-way call whose acknowledgement failed later was reported to its caller: an error, not a loss.
			errors += number(run, "errors") + ((run.get("failedLater") != null) ? number(run, "failedLater") : 0);
			if (run.get("lost") != null) {
				hasLoss = true;
				lost += number(run, "lost");
			}
		}
		String text = "";
		if (errors > 0) {
			text += " ⚠" + errors + " errors";
		}
		if (hasLoss) {
			text += " (lost " + lost + ")";
		}
		return text;
	}

	private void latencyTable(StringBuilder out, String title, String self, Function<String, Boolean> peerFilter) {
		List<String> peers = new ArrayList<>(peers(!self.equals("dora")).stream().filter(peerFilter::apply).toList());
		List<String> scenarios = scenarios((scenario) -> true, !self.equals("dora"));
		if (peers.isEmpty() || scenarios.isEmpty()) {
			return;
		}
		out.append("### ").append(title).append("\n\n");
		out.append("Medians of the runs: p50 / p99 / p99.9 latency in µs (wrk gives no p99.9), and CPU µs per call of ")
			.append("both JVMs together (wrk rows: the server only). The last column is ").append(self)
			.append("'s CPU per call ÷ the lowest other peer's.\n\n");
		out.append("| scenario | ");
		for (String peer : peers) {
			out.append(peer).append(" latency | ").append(peer).append(" CPU/call | ");
		}
		out.append("CPU ratio |\n|---|").append("---|---|".repeat(peers.size())).append("---|\n");
		for (String scenario : scenarios) {
			out.append("| ").append(scenario);
			Map<String, Double> cpu = new LinkedHashMap<>();
			for (String peer : peers) {
				List<Map<String, Object>> runs = runs(scenario, peer);
				if (runs.isEmpty()) {
					out.append(" | – | –");
					continue;
				}
				Stats p50 = Stats.of(runs, "p50Micros");
				Stats p99 = Stats.of(runs, "p99Micros");
				Stats p999 = Stats.of(runs, "p999Micros");
				String cpuField = scenario.startsWith("wrk") ? "serverCpuMicrosPerCall" : "cpuMicrosPerCall";
				Stats cpuStats = Stats.of(runs, cpuField);
				out.append(" | ").append(Stats.compact(p50.median())).append(" / ").append(Stats.compact(p99.median()))
					.append(" / ").append((p999.count() > 0) ? Stats.compact(p999.median()) : "–");
				out.append(" | ").append((cpuStats.count() > 0) ? String.format(Locale.ROOT, "%.1f", cpuStats.median()) : "–");
				if (cpuStats.count() > 0) {
					cpu.put(peer, cpuStats.median());
				}
			}
			Double own = cpu.get(self);
			Double lowest = cpu.entrySet().stream().filter((entry) -> isOtherPeer(entry.getKey()))
				.map(Map.Entry::getValue).min(Double::compare).orElse(null);
			out.append(" | ").append((own != null && lowest != null && lowest > 0)
					? String.format(Locale.ROOT, "%.2f×", own / lowest) : "–").append(" |\n");
		}
		out.append('\n');
	}

	private void footprint(StringBuilder out) {
		List<Map<String, Object>> startups = this.results.stream()
			.filter((result) -> "startup".equals(result.get("scenario")) && result.get("skipped") == null)
			.toList();
		if (!startups.isEmpty()) {
			out.append("### Footprint: time to ready and RSS\n\n");
			out.append("JVM uptime when Spring Boot reports the application ready, classes loaded and beans created at "
					+ "that moment (where the application prints them), and RSS 3 s later; median (min–max).\n\n");
			out.append("| application | ready (s) | classes loaded | beans | RSS (MB) |\n|---|---|---|---|---|\n");
			Set<String> apps = new LinkedHashSet<>();
			startups.forEach((result) -> apps.add((String) result.get("peer")));
			for (String app : apps) {
				List<Map<String, Object>> runs = startups.stream().filter((r) -> app.equals(r.get("peer"))).toList();
				Stats ready = Stats.of(runs, "readySeconds");
				Stats rss = Stats.of(runs, "rssKb");
				out.append("| ").append(app).append(" | ")
					.append(String.format(Locale.ROOT, "%.2f (%.2f–%.2f)", ready.median(), ready.min(), ready.max()))
					.append(" | ")
					.append(count(runs, "classesLoaded"))
					.append(" | ")
					.append(count(runs, "beans"))
					.append(" | ")
					.append(String.format(Locale.ROOT, "%.0f (%.0f–%.0f)", rss.median() / 1024, rss.min() / 1024,
							rss.max() / 1024))
					.append(" |\n");
			}
			out.append('\n');
		}
		this.results.stream().filter((result) -> "idle-connections".equals(result.get("scenario"))).forEach((r) -> {
			out.append("### Footprint: heap per idle Dora connection\n\n");
			out.append(String.format(Locale.ROOT,
					"%d idle connections: server heap after GC %d KB → %d KB, **%.0f bytes per connection**; client %d KB → %d KB, **%.0f bytes per connection**.%n%n",
					(long) number(r, "connections"), (long) number(r, "serverHeapKbAt1"), (long) number(r, "serverHeapKbAtN"),
					number(r, "serverBytesPerConnection"), (long) number(r, "clientHeapKbAt1"),
					(long) number(r, "clientHeapKbAtN"), number(r, "clientBytesPerConnection")));
		});
	}

	/** The median of a count the application printed, or a dash where it prints none. */
	private static String count(List<Map<String, Object>> runs, String key) {
		List<Map<String, Object>> counted = runs.stream().filter((r) -> r.get(key) != null).toList();
		return counted.isEmpty() ? "–" : String.format(Locale.ROOT, "%.0f", Stats.of(counted, key).median());
	}

	private void loopback(StringBuilder out) {
		long checks = 0;
		long sockets = 0;
		long off = 0;
		for (Map<String, Object> result : this.results) {
			if ("loopback".equals(result.get("scenario"))) {
				checks++;
				sockets += (long) number(result, "sockets");
				off += (long) number(result, "offLoopback");
			}
		}
		if (checks > 0) {
			out.append(String.format(Locale.ROOT,
					"Loopback check (`ss -tanp` under load, every server and driver): %d checks, %d sockets, %d off 127.0.0.1.%n%n",
					checks, sockets, off));
		}
	}

	static double number(Map<String, Object> result, String field) {
		Object value = result.get(field);
		return (value instanceof Double number) ? number : 0;
	}

	/** Median and range of one field over runs. */
	record Stats(List<Double> values) {

		static Stats of(List<Map<String, Object>> runs, String field) {
			List<Double> values = new ArrayList<>();
			for (Map<String, Object> run : runs) {
				if (run.get(field) instanceof Double value) {
					values.add(value);
				}
			}
			values.sort(Double::compare);
			return new Stats(values);
		}

		int count() {
			return this.values.size();
		}

		double median() {
			int n = this.values.size();
			if (n == 0) {
				return Double.NaN;
			}
			return (n % 2 == 1) ? this.values.get(n / 2) : (this.values.get(n / 2 - 1) + this.values.get(n / 2)) / 2;
		}

		double min() {
			return this.values.isEmpty() ? Double.NaN : this.values.get(0);
		}

		double max() {
			return this.values.isEmpty() ? Double.NaN : this.values.get(this.values.size() - 1);
		}

		String format() {
			if (this.values.isEmpty()) {
				return "–";
			}
			if (this.values.size() == 1) {
				return compact(median());
			}
			return compact(median()) + " (" + compact(min()) + "–" + compact(max()) + ")";
		}

		static String compact(double value) {
			if (Double.isNaN(value)) {
				return "–";
			}
			if (value >= 100_000) {
				return String.format(Locale.ROOT, "%.0fk", value / 1000);
			}
			if (value >= 10_000) {
				return String.format(Locale.ROOT, "%.1fk", value / 1000);
			}
			if (value >= 1000) {
				return String.format(Locale.ROOT, "%.2fk", value / 1000);
			}
			return String.format(Locale.ROOT, "%.0f", value);
		}

	}

}
