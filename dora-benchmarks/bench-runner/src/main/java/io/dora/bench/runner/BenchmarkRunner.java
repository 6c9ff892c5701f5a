package io.dora.bench.runner;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;

import io.dora.bench.core.DriverOptions;
import io.dora.bench.core.ResultLine;

/**
 * Runs the benchmark: for each run, every peer in turn (the order rotates from run to run) gets a fresh server JVM and
 * a fresh driver JVM; the driver warms up, runs every scenario and prints its results; HTTP peers are then loaded with
 * wrk. Then the footprint figures. Results go to {@code dora-benchmarks/target/results/<profile>-<time>/} as
 * {@code results.jsonl} and {@code report.md}, and the report is printed.
 * <p>
 * Options: {@code --profile quick|targets|full|signing}, {@code --runs N}, {@code --jvm-warmup S}, {@code --warmup S},
 * {@code --measure S}, {@code --peers a,b}, {@code --scenarios a,b} (replaces the profile's RPC and HTTP scenarios),
 * {@code --footprint false}, {@code --server-jvm-args "..."} and {@code --driver-jvm-args "..."} (extra JVM flags, for
 * example a JFR recording to {@code {log}.jfr}), {@code --jfr true} (a JFR recording of every server and driver JVM,
 * {@code logs/<jvm>.jfr}, for {@link JfrSummary}), {@code --report <results dir>} (only rewrite the report).
 */
public final class BenchmarkRunner {

	/** {@code --jfr true}: every server and driver JVM records its whole life, dumped next to its log on exit. */
	private static final String JFR_RECORDING = "-XX:StartFlightRecording=filename={log}.jfr,settings=profile,dumponexit=true";

	private final Profile profile;

	private final Path benchmarksDir;

	private final Path outDir;

	private final JvmLauncher launcher;

	private final List<Map<String, Object>> results = new ArrayList<>();

	private BenchmarkRunner(Profile profile, Path root, Path outDir, List<String> serverJvmArgs,
			List<String> driverJvmArgs) {
		this.profile = profile;
		this.benchmarksDir = root.resolve("dora-benchmarks");
		this.outDir = outDir;
		this.launcher = new JvmLauncher(this.benchmarksDir, outDir.resolve("logs"), serverJvmArgs, driverJvmArgs);
	}

	public static void main(String[] args) throws IOException {
		DriverOptions options = new DriverOptions(args);
		Path root = Path.of("").toAbsolutePath();
		if (options.get("report", null) != null) {
			Path dir = Path.of(options.get("report", null));
			List<Map<String, Object>> results = Files.readAllLines(dir.resolve("results.jsonl"))
				.stream()
				.map(FlatJson::parse)
				.toList();
			String report = new Report(results).markdown();
			Files.writeString(dir.resolve("report.md"), report);
			System.out.println(report);
			return;
		}
		Profile profile = Profile.named(options.get("profile", "quick"))
			.with(integer(options, "runs"), integer(options, "jvm-warmup"), integer(options, "warmup"),
					integer(options, "measure"),
					peers(options.get("peers", null)),
					(options.get("scenarios", null) != null) ? Arrays.asList(options.get("scenarios", null).split(",")) : null);
		String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
		Path outDir = root.resolve("dora-benchmarks/target/results/" + profile.name() + "-" + stamp);
		Files.createDirectories(outDir.resolve("logs"));
		List<String> serverJvmArgs = new ArrayList<>(words(options.get("server-jvm-args", "")));
		List<String> driverJvmArgs = new ArrayList<>(words(options.get("driver-jvm-args", "")));
		if (Boolean.parseBoolean(options.get("jfr", "false"))) {
			serverJvmArgs.add(JFR_RECORDING);
			driverJvmArgs.add(JFR_RECORDING);
		}
		BenchmarkRunner runner = new BenchmarkRunner(profile, root, outDir, serverJvmArgs, driverJvmArgs);
		runner.describeMachine("before");
		runner.runPeers();
		if (Boolean.parseBoolean(options.get("footprint", "true"))) {
			runner.runFootprint(root);
		}
		runner.describeMachine("after");
		String report = new Report(runner.results).markdown();
		Files.writeString(outDir.resolve("report.md"), report);
		System.out.println();
		System.out.println(report);
		System.out.println("Results: " + root.relativize(outDir));
	}

	/** The peers named on the command line; {@code none} runs the footprint figures only. */
	private static List<String> peers(String names) {
		if (names == null) {
			return null;
		}
		return names.equals("none") ? List.of() : Arrays.asList(names.split(","));
	}

	private static List<String> words(String text) {
		return text.isBlank() ? List.of() : Arrays.asList(text.trim().split("\\s+"));
	}

	private static Integer integer(DriverOptions options, String name) {
		String value = options.get(name, null);
		return (value != null) ? Integer.valueOf(value) : null;
	}

	static void log(String message) {
		System.out.println("[bench " + LocalDateTime.now().format(DateTimeFormatter.ofPattern("HH:mm:ss")) + "] "
				+ message);
		System.out.flush();
	}

	private void describeMachine(String when) throws IOException {
		String cpu = Files.readAllLines(Path.of("/proc/cpuinfo"))
			.stream()
			.filter((line) -> line.startsWith("model name"))
			.findFirst()
			.map((line) -> line.substring(line.indexOf(':') + 1).trim())
			.orElse("unknown");
		String text = "machine (" + when + "): " + Runtime.getRuntime().availableProcessors() + " CPUs, " + cpu
				+ ", kernel " + Files.readString(Path.of("/proc/sys/kernel/osrelease")).trim() + ", JDK "
				+ System.getProperty("java.runtime.version") + " (" + System.getProperty("java.vm.name")
				+ "), load average " + Files.readString(Path.of("/proc/loadavg")).trim() + ", JVM flags "
				+ String.join(" ", JvmLauncher.JVM_FLAGS);
		log(text);
		Files.writeString(this.outDir.resolve("machine.txt"), text + "\n", StandardOpenOption.CREATE,
				StandardOpenOption.APPEND);
	}

	private void runPeers() throws IOException {
		List<String> peers = this.profile.peers();
		PrivateRedis redis = peers.stream().map(Peer::named).anyMatch(Peer::needsRedis) ? PrivateRedis.start() : null;
		try {
			for (int run = 1; run <= this.profile.runs(); run++) {
				for (int i = 0; i < peers.size(); i++) {
					String peer = peers.get((i + run - 1) % peers.size());
					runPeer(Peer.named(peer), run, (redis != null) ? redis.port() : -1);
				}
			}
		}
		finally {
			if (redis != null) {
				redis.stop();
			}
		}
	}

	private void runPeer(Peer peer, int run, int redisPort) {
		List<String> scenarios = peer.http() ? this.profile.httpScenarios() : this.profile.rpcScenarios();
		int port = freePortPair();
		log("run " + run + ": " + peer.name() + " (" + scenarios.size() + " scenarios, port " + port + ")");
		JvmLauncher.Jvm server = this.launcher.start(peer.name() + "-server-run" + run, peer.serverModule(),
				peer.serverMain(), peer.serverArgs(port, redisPort));
		try {
			if (server.awaitLine((line) -> line.startsWith("BENCH-READY"), 180_000) == null) {
				log(peer.name() + ": the server did not become ready; see its log");
				return;
			}
			List<String> args = new ArrayList<>(List.of("--peer", peer.name(), "--server-pid",
					Long.toString(server.pid()), "--run", Integer.toString(run), "--warmup",
					Integer.toString(this.profile.warmupSeconds()), "--measure",
					Integer.toString(this.profile.measureSeconds()), "--jvm-warmup",
					Integer.toString(this.profile.jvmWarmupSeconds()), "--scenarios", String.join(",", scenarios)));
			args.addAll(peer.driverArgs(port));
			JvmLauncher.Jvm driver = this.launcher.start(peer.name() + "-driver-run" + run, peer.driverModule(),
					peer.driverMain(), args);
			LoopbackCheck loopback = LoopbackCheck.schedule(server.pid(), driver.pid(),
					Math.max(3, this.profile.jvmWarmupSeconds() / 2 + 3),
					this.outDir.resolve("logs/sockets-" + peer.name() + "-run" + run + ".txt"));
			long timeoutMillis = (this.profile.jvmWarmupSeconds()
					+ scenarios.size() * (this.profile.warmupSeconds() + this.profile.measureSeconds() + 30) + 180)
					* 1000L;
			if (!driver.waitFor(timeoutMillis)) {
				log(peer.name() + ": the driver did not finish in time; stopping it");
				driver.stop();
			}
			driver.waitFor(5000);
			for (String line : driver.lines()) {
				if (line.startsWith(ResultLine.PREFIX)) {
					record(FlatJson.parse(line.substring(ResultLine.PREFIX.length())), line.substring(ResultLine.PREFIX.length()));
				}
			}
			ResultLine check = loopback.result(peer.name(), run);
			record(FlatJson.parse(check.toJson()), check.toJson());
			if (peer.http() && WrkLoad.isAvailable()) {
				for (String load : this.profile.wrkLoads()) {
					ResultLine wrk = WrkLoad.run(load, peer.name(), run, "http://127.0.0.1:" + port + peer.httpPath(),
							server.pid(), this.profile.warmupSeconds(), this.profile.measureSeconds(),
							this.outDir.resolve("logs"));
					if (wrk != null) {
						record(FlatJson.parse(wrk.toJson()), wrk.toJson());
					}
				}
			}
			else if (peer.http()) {
				log("wrk is not installed (Debian: apt-get install wrk): no server-capacity rows");
			}
		}
		finally {
			server.stop();
		}
	}

	private void runFootprint(Path root) throws IOException {
		Footprint footprint = new Footprint(root, this.launcher, this.outDir.resolve("logs"));
		log("footprint: time to ready and RSS");
		for (ResultLine line : footprint.startup(this.profile.footprintRuns())) {
			record(FlatJson.parse(line.toJson()), line.toJson());
		}
		if (this.profile.name().equals("startup")) {
			return; // the start-up profile is about time to ready only
		}
		log("footprint: heap per idle connection");
		for (ResultLine line : footprint.idleConnections(1000, freePortPair())) {
			record(FlatJson.parse(line.toJson()), line.toJson());
		}
	}

	private void record(Map<String, Object> result, String json) {
		this.results.add(result);
		log("  " + json);
		try {
			Files.writeString(this.outDir.resolve("results.jsonl"), json + "\n", StandardOpenOption.CREATE,
					StandardOpenOption.APPEND);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * A free port whose successor is free too (the Dora provider uses both), below the kernel's range of ephemeral
	 * ports: a server starts tens of seconds after its ports were found free, and on a busy machine an outgoing
	 * connection of any process may take an ephemeral port in between.
	 */
	private static int freePortPair() {
		Random random = new Random();
		for (int attempt = 0; attempt < 200; attempt++) {
			int port = 20_000 + random.nextInt(12_000);
			try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress());
					ServerSocket next = new ServerSocket(port + 1, 1, InetAddress.getLoopbackAddress())) {
				return port;
			}
			catch (IOException ex) {
				// try another
			}
		}
		throw new IllegalStateException("no free pair of ports");
	}

}
