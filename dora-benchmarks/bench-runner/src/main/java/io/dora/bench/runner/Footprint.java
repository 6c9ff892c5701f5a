package io.dora.bench.runner;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.dora.bench.core.ProcessCpu;
import io.dora.bench.core.ResultLine;

/**
 * Footprint figures: time to ready and RSS of applications started from their executable jars as users start them
 * (Spring Boot's own "process running for" figure, i.e. JVM uptime when the application is ready), with the classes
 * loaded and the beans created at that moment where the application prints them. The applications with Spring Data
 * Redis get the runner's private Redis, and the Dora one among them registers in it (Redis discovery on); the
 * others run with the registry off. And heap per idle Dora connection at 1 000 open connections, from heap after
 * full GC ({@code jcmd}) on both sides.
 */
final class Footprint {

	private static final Pattern READY = Pattern.compile("process running for ([0-9.]+)");

	/** What bench-mvc's {@code StartupFootprint} prints at ready (sample-provider and the Dubbo application do not). */
	private static final Pattern COUNTS = Pattern.compile("BENCH-FOOTPRINT classes=(\\d+) beans=(\\d+)");

	private static final Pattern HEAP_USED = Pattern.compile("heap\\s+total \\d+K, used (\\d+)K");

	private final Path root;

	private final JvmLauncher launcher;

	private final Path logDir;

	Footprint(Path root, JvmLauncher launcher, Path logDir) {
		this.root = root;
		this.launcher = launcher;
		this.logDir = logDir;
	}

	/** The flags every application of the comparison gets: loopback, free ports, no peer to connect to. */
	private static final List<String> COMMON_ARGS = List.of("--server.port=0", "--server.address=127.0.0.1",
			"--dora.server.port=0", "--dora.server.address=127.0.0.1", "--dubbo.protocol.port=-1");

	private static final String REGISTRY_OFF = "--dora.registry.enabled=false";

	/**
	 * An application of the comparison.
	 * @param name its row in the report
	 * @param jar its executable jar, relative to the repository root
	 * @param needsRedis whether it has Spring Data Redis: pointed at the runner's private Redis, where a Dora
	 * provider registers under a group (Dora's discovery on)
	 */
	private record Application(String name, String jar, boolean needsRedis) {

		List<String> args(PrivateRedis redis) {
			List<String> args = new ArrayList<>(COMMON_ARGS);
			if (this.needsRedis) {
				args.addAll(List.of("--dora.registry.enabled=true", "--dora.registry.groups=startup-bench",
						"--spring.data.redis.host=127.0.0.1", "--spring.data.redis.port=" + redis.port()));
			}
			else {
				args.add(REGISTRY_OFF);
			}
			return args;
		}

	}

	/**
	 * The applications compared, in pairs: the plain web application and the same with the Dora starter and one
	 * handler (the starter alone: no Spring Data Redis, no discovery); the plain web application with
	 * spring-boot-starter-data-redis and the Dora application with it, registering in the private Redis (Redis
	 * discovery on). Then sample-provider and the Dubbo starter application.
	 */
	private static final List<Application> APPLICATIONS = List.of(
			new Application("spring-boot-web", "dora-benchmarks/bench-mvc/target/bench-mvc-0.1.0-SNAPSHOT-exec.jar",
					false),
			new Application("spring-boot-web+dora",
					"dora-benchmarks/bench-startup/target/bench-startup-0.1.0-SNAPSHOT-exec.jar", false),
			new Application("spring-boot-web+data-redis",
					"dora-benchmarks/bench-mvc-redis/target/bench-mvc-redis-0.1.0-SNAPSHOT-exec.jar", true),
			new Application("spring-boot-web+data-redis+dora",
					"dora-benchmarks/bench-startup-redis/target/bench-startup-redis-0.1.0-SNAPSHOT-exec.jar", true),
			new Application("sample-provider", "sample-provider/target/sample-provider-0.1.0-SNAPSHOT.jar", false),
			new Application("spring-boot-dubbo",
					"dora-benchmarks/bench-dubbo-boot/target/bench-dubbo-boot-0.1.0-SNAPSHOT-exec.jar", false));

	/** Every application started {@code runs} times, interleaved (one start of each per run). */
	List<ResultLine> startup(int runs) throws IOException {
		PrivateRedis redis = PrivateRedis.start();
		try {
			List<ResultLine> results = new ArrayList<>();
			for (int run = 1; run <= runs; run++) {
				for (Application app : APPLICATIONS) {
					Path jar = this.root.resolve(app.jar());
					if (!Files.exists(jar)) {
						BenchmarkRunner.log("footprint: " + jar + " is missing, skipped");
						continue;
					}
					results.add(startOnce(app, jar, run, redis));
				}
			}
			return results;
		}
		finally {
			redis.stop();
		}
	}

	private ResultLine startOnce(Application app, Path jar, int run, PrivateRedis redis) {
		List<String> command = new ArrayList<>();
		command.add(JvmLauncher.javaCommand());
		command.addAll(JvmLauncher.JVM_FLAGS);
		command.addAll(List.of("-jar", jar.toString()));
		command.addAll(app.args(redis));
		JvmLauncher.Jvm jvm = JvmLauncher.Jvm.start(command,
				this.logDir.resolve("footprint-" + app.name().replaceAll("[^a-z]+", "-") + "-run" + run + ".log"));
		ResultLine result = new ResultLine().put("peer", app.name()).put("scenario", "startup").put("run", run);
		try {
			String line = jvm.awaitLine((text) -> READY.matcher(text).find(), 120_000);
			if (line == null) {
				return result.put("skipped", "did not become ready");
			}
			Matcher ready = READY.matcher(line);
			ready.find();
			result.put("readySeconds", Double.parseDouble(ready.group(1)));
			String counts = jvm.awaitLine((text) -> COUNTS.matcher(text).find(), 10_000);
			if (counts != null) {
				Matcher loaded = COUNTS.matcher(counts);
				loaded.find();
				result.put("classesLoaded", Long.parseLong(loaded.group(1)))
					.put("beans", Long.parseLong(loaded.group(2)));
			}
			sleep(3000);
			return result.put("rssKb", ProcessCpu.rssKilobytes(jvm.pid()));
		}
		finally {
			jvm.stop();
		}
	}

	/** Heap per idle connection on the Dora server and client, from 1 and from {@code connections} connections. */
	List<ResultLine> idleConnections(int connections, int port) {
		JvmLauncher.Jvm server = this.launcher.start("idle-server", "bench-dora",
				"io.dora.bench.dora.provider.DoraBenchProvider",
				List.of("--dora.server.port=" + port, "--server.port=" + (port + 1)));
		List<ResultLine> results = new ArrayList<>();
		try {
			if (server.awaitLine((line) -> line.startsWith("BENCH-READY"), 120_000) == null) {
				BenchmarkRunner.log("idle connections: the Dora server did not start");
				return results;
			}
			long[] one = measureIdle(server, port, 1);
			long[] many = measureIdle(server, port, connections);
			if (one == null || many == null) {
				return results;
			}
			double serverBytes = (many[0] - one[0]) * 1024.0 / (connections - 1);
			double clientBytes = (many[1] - one[1]) * 1024.0 / (connections - 1);
			results.add(new ResultLine().put("peer", "dora")
				.put("scenario", "idle-connections")
				.put("connections", connections)
				.put("serverHeapKbAt1", one[0])
				.put("serverHeapKbAtN", many[0])
				.put("clientHeapKbAt1", one[1])
				.put("clientHeapKbAtN", many[1])
				.put("serverBytesPerConnection", serverBytes)
				.put("clientBytesPerConnection", clientBytes));
			return results;
		}
		finally {
			server.stop();
		}
	}

	/** Heap after GC in KB of {server, client} with {@code connections} idle client connections open. */
	private long[] measureIdle(JvmLauncher.Jvm server, int port, int connections) {
		JvmLauncher.Jvm client = this.launcher.start("idle-client-" + connections, "bench-dora",
				"io.dora.bench.dora.driver.DoraIdleConnections",
				List.of("--target", "127.0.0.1:" + port, "--connections", Integer.toString(connections)));
		try {
			if (client.awaitLine((line) -> line.startsWith("BENCH-IDLE-READY"), 180_000) == null) {
				BenchmarkRunner.log("idle connections: the client did not open " + connections + " connections");
				return null;
			}
			sleep(2000);
			return new long[] { heapAfterGc(server.pid()), heapAfterGc(client.pid()) };
		}
		finally {
			client.stop();
		}
	}

	private long heapAfterGc(long pid) {
		jcmd(pid, "GC.run");
		jcmd(pid, "GC.run");
		Matcher used = HEAP_USED.matcher(jcmd(pid, "GC.heap_info"));
		return used.find() ? Long.parseLong(used.group(1)) : -1;
	}

	private static String jcmd(long pid, String command) {
		try {
			Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
					Long.toString(pid), command).redirectErrorStream(true).start();
			String output = new String(process.getInputStream().readAllBytes());
			process.waitFor();
			return output;
		}
		catch (IOException ex) {
			return "";
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return "";
		}
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
