package io.dora.bench.runner;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.dora.bench.core.ProcessCpu;
import io.dora.bench.core.ResultLine;

/**
 * Server capacity of an HTTP peer measured with {@code wrk} (a C load generator, one thread, keep-alive): a warm-up
 * run, then the measured run with its latency distribution. wrk reports p50 and p99, not p99.9.
 */
final class WrkLoad {

	private static final Pattern RATE = Pattern.compile("Requests/sec:\\s+([0-9.]+)");

	private static final Pattern PERCENTILE = Pattern.compile("^\\s+(50|99)%\\s+([0-9.]+)(us|ms|s)\\s*$",
			Pattern.MULTILINE);

	private static final Pattern NON_2XX = Pattern.compile("Non-2xx or 3xx responses: (\\d+)");

	private static final Pattern SOCKET_ERRORS = Pattern
		.compile("Socket errors: connect (\\d+), read (\\d+), write (\\d+), timeout (\\d+)");

	private WrkLoad() {
	}

	static boolean isAvailable() {
		try {
			return new ProcessBuilder("wrk", "--version").redirectErrorStream(true).start().waitFor() >= 0;
		}
		catch (IOException | InterruptedException ex) {
			return false;
		}
	}

	/** Runs {@code operation:connections} against the peer; returns the result line or {@code null}. */
	static ResultLine run(String load, String peer, int run, String baseUrl, long serverPid, int warmupSeconds,
			int measureSeconds, Path workDir) {
		String[] parts = load.split(":");
		String operation = parts[0];
		int connections = Integer.parseInt(parts[1]);
		String path = operation.equals("listUser") ? "/user/list" : "/user/get";
		String body = operation.equals("listUser") ? "3" : "42";
		try {
			Path script = workDir.resolve("wrk-" + operation + ".lua");
			Files.writeString(script, "wrk.method = \"POST\"\nwrk.body = \"" + body
					+ "\"\nwrk.headers[\"Content-Type\"] = \"application/json\"\n");
			String url = baseUrl + path;
			wrk(script, url, connections, warmupSeconds);
			long cpuStart = ProcessCpu.micros(serverPid);
			String output = wrk(script, url, connections, measureSeconds);
			long serverCpu = ProcessCpu.micros(serverPid) - cpuStart;
			Files.writeString(workDir.resolve("wrk-" + peer + "-" + operation + "-" + connections + "-run" + run + ".txt"),
					output);
			Matcher rate = RATE.matcher(output);
			if (!rate.find()) {
				return new ResultLine().put("peer", peer).put("scenario", "wrk:" + load).put("run", run)
					.put("skipped", "wrk failed");
			}
			double perSecond = Double.parseDouble(rate.group(1));
			double p50 = 0;
			double p99 = 0;
			Matcher percentile = PERCENTILE.matcher(output);
			while (percentile.find()) {
				double micros = toMicros(Double.parseDouble(percentile.group(2)), percentile.group(3));
				if (percentile.group(1).equals("50")) {
					p50 = micros;
				}
				else {
					p99 = micros;
				}
			}
			long errors = 0;
			Matcher non2xx = NON_2XX.matcher(output);
			if (non2xx.find()) {
				errors += Long.parseLong(non2xx.group(1));
			}
			Matcher socket = SOCKET_ERRORS.matcher(output);
			if (socket.find()) {
				for (int i = 1; i <= 4; i++) {
					errors += Long.parseLong(socket.group(i));
				}
			}
			long calls = Math.round(perSecond * measureSeconds);
			return new ResultLine().put("peer", peer)
				.put("scenario", "wrk:" + load)
				.put("run", run)
				.put("threads", connections)
				.put("calls", calls)
				.put("seconds", (double) measureSeconds)
				.put("opsPerSecond", perSecond)
				.put("callsPerSecond", perSecond)
				.put("p50Micros", p50)
				.put("p99Micros", p99)
				.put("errors", errors)
				.put("serverCpuMicros", serverCpu)
				.put("serverCpuMicrosPerCall", (calls > 0) ? serverCpu / (double) calls : 0.0);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static String wrk(Path script, String url, int connections, int seconds) throws IOException {
		List<String> command = List.of("wrk", "-t1", "-c" + connections, "-d" + seconds + "s", "--latency", "-s",
				script.toString(), url);
		Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
		String output = new String(process.getInputStream().readAllBytes());
		try {
			process.waitFor();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		return output;
	}

	private static double toMicros(double value, String unit) {
		return switch (unit.toLowerCase(Locale.ROOT)) {
			case "us" -> value;
			case "ms" -> value * 1000;
			default -> value * 1_000_000;
		};
	}

}
