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
 * (Spring Boot's own "process running for" figure, i.e. JVM uptime when the application is ready; sample-provider
 * without Redis registration, as nothing else in the comparison connects anywhere), and heap per idle
 * Dora connection at 1 000 open connections, from heap after full GC ({@code jcmd}) on both sides.
 */
final class Footprint {

	private static final Pattern READY = Pattern.compile("process running for ([0-9.]+)");

	private static final Pattern HEAP_USED = Pattern.compile("heap\\s+total \\d+K, used (\\d+)K");

	private final Path root;

	private final JvmLauncher launcher;

	private final Path logDir;

	Footprint(Path root, JvmLauncher launcher, Path logDir) {
		this.root = root;
		this.launcher = launcher;
		this.logDir = logDir;
	}

	/** The applications compared: name and executable jar, relative to the repository root. */
	private List<String[]> applications() {
		List<String[]> apps = new ArrayList<>();
		apps.add(new String[] { "sample-provider", "sample-provider/target/sample-provider-0.1.0-SNAPSHOT.jar" });
		apps.add(new String[] { "spring-boot-web", "dora-benchmarks/bench-mvc/target/bench-mvc-0.1.0-SNAPSHOT-exec.jar" });
		apps.add(new String[] { "spring-boot-dubbo",
				"dora-benchmarks/bench-dubbo-boot/target/bench-dubbo-boot-0.1.0-SNAPSHOT-exec.jar" });
		return apps;
	}

	List<ResultLine> startup(int runs) {
		List<ResultLine> results = new ArrayList<>();
		for (int run = 1; run <= runs; run++) {
			for (String[] app : applications()) {
				Path jar = this.root.resolve(app[1]);
				if (!Files.exists(jar)) {
					BenchmarkRunner.log("footprint: " + jar + " is missing, skipped");
					continue;
				}
				List<String> command = new ArrayList<>();
				command.add(JvmLauncher.javaCommand());
				command.addAll(JvmLauncher.JVM_FLAGS);
				command.addAll(List.of("-jar", jar.toString(), "--server.port=0", "--server.address=127.0.0.1",
						"--dora.server.port=0", "--dora.server.address=127.0.0.1", "--dora.registry.enabled=false",
						"--dubbo.protocol.port=-1"));
				JvmLauncher.Jvm jvm = JvmLauncher.Jvm.start(command,
						this.logDir.resolve("footprint-" + app[0] + "-run" + run + ".log"));
				try {
					String line = jvm.awaitLine((text) -> READY.matcher(text).find(), 120_000);
					if (line == null) {
						results.add(new ResultLine().put("peer", app[0]).put("scenario", "startup").put("run", run)
							.put("skipped", "did not become ready"));
						continue;
					}
					Matcher ready = READY.matcher(line);
					ready.find();
					sleep(3000);
					results.add(new ResultLine().put("peer", app[0])
						.put("scenario", "startup")
						.put("run", run)
						.put("readySeconds", Double.parseDouble(ready.group(1)))
						.put("rssKb", ProcessCpu.rssKilobytes(jvm.pid())));
				}
				finally {
					jvm.stop();
				}
			}
		}
		return results;
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
