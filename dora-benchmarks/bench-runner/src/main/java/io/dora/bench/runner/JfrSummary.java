package io.dora.bench.runner;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.dora.bench.core.ProcessCpu;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;

/**
 * Summarises a JFR recording of a benchmark JVM: where the CPU samples fall by library (the code that was running,
 * JDK frames counted to the library that called them) and by thread, the methods most often on top of the stack
 * and anywhere in it, the bytes allocated by library, class and site, GC pauses, and where threads parked.
 * Usage: {@code JfrSummary <recording.jfr> [rows] [--window <from>..<to>] [--calls N]}: the window (epoch
 * milliseconds, as the driver logs for each measured scenario) keeps only the events inside it; with the number of
 * calls made in it, the allocation is also given per call.
 */
public final class JfrSummary {

	/** Library groups by package prefix, the first that matches; JDK code is counted to its caller. */
	private static final List<String[]> GROUPS = List.of(new String[] { "tools.jackson.dataformat.cbor.", "CBOR (Jackson)" },
			new String[] { "tools.jackson.", "JSON (Jackson core and databind)" },
			new String[] { "com.alibaba.fastjson2.", "fastjson2 (JSONB)" },
			new String[] { "com.alibaba.com.caucho.", "hessian2" },
			new String[] { "io.netty.buffer.", "Netty buffers" },
			new String[] { "io.netty.", "Netty I/O (channel, pipeline, event loop)" },
			new String[] { "org.apache.dubbo.", "Dubbo (remoting, invokers, filters)" },
			new String[] { "io.dora.client.connection.PendingCall", "Dora pending calls" },
			new String[] { "io.dora.protocol.", "Dora protocol (frames, envelopes, codec)" },
			new String[] { "io.dora.handler.", "Dora dispatch (handler)" },
			new String[] { "io.dora.server.", "Dora server (Netty handlers, reply sink)" },
			new String[] { "io.dora.client.", "Dora client (template, caller, connection)" },
			new String[] { "io.dora.bench.", "benchmark harness" },
			new String[] { "org.HdrHistogram.", "benchmark harness" },
			new String[] { "io.grpc.", "gRPC" });

	private JfrSummary() {
	}

	public static void main(String[] args) throws IOException {
		int rows = 25;
		Instant from = Instant.MIN;
		Instant to = Instant.MAX;
		long calls = 0;
		for (int i = 1; i < args.length; i++) {
			if (args[i].equals("--window")) {
				String[] ends = args[++i].split("\\.\\.");
				from = Instant.ofEpochMilli(Long.parseLong(ends[0]));
				to = Instant.ofEpochMilli(Long.parseLong(ends[1]));
			}
			else if (args[i].equals("--calls")) {
				calls = Long.parseLong(args[++i]);
			}
			else {
				rows = Integer.parseInt(args[i]);
			}
		}
		Map<String, Long> selfSamples = new HashMap<>();
		Map<String, Long> inclusiveSamples = new HashMap<>();
		Map<String, Long> groupSamples = new HashMap<>();
		Map<String, Long> threadSamples = new HashMap<>();
		Map<String, Long> allocationBytes = new HashMap<>();
		Map<String, Long> allocationSites = new HashMap<>();
		Map<String, Long> allocationGroups = new HashMap<>();
		Map<String, Long> parks = new HashMap<>();
		long samples = 0;
		long allocated = 0;
		long gcPauses = 0;
		Duration gcPauseTime = Duration.ZERO;
		for (RecordedEvent event : RecordingFile.readAllEvents(Path.of(args[0]))) {
			if (event.getStartTime().isBefore(from) || event.getStartTime().isAfter(to)) {
				continue;
			}
			String type = event.getEventType().getName();
			RecordedStackTrace stack = event.getStackTrace();
			switch (type) {
				case "jdk.ExecutionSample" -> {
					samples++;
					threadSamples.merge(threadKind(event.getThread("sampledThread")), 1L, Long::sum);
					if (stack != null && !stack.getFrames().isEmpty()) {
						selfSamples.merge(name(stack.getFrames().get(0)), 1L, Long::sum);
						groupSamples.merge(group(stack.getFrames()), 1L, Long::sum);
						stack.getFrames().stream().map(JfrSummary::name).distinct()
							.forEach((method) -> inclusiveSamples.merge(method, 1L, Long::sum));
					}
				}
				case "jdk.ObjectAllocationSample" -> {
					long weight = event.getLong("weight");
					allocated += weight;
					allocationBytes.merge(event.getClass("objectClass").getName(), weight, Long::sum);
					if (stack != null) {
						allocationSites.merge(site(stack.getFrames()), weight, Long::sum);
						allocationGroups.merge(group(stack.getFrames()), weight, Long::sum);
					}
				}
				case "jdk.GarbageCollection" -> {
					gcPauses++;
					gcPauseTime = gcPauseTime.plus(event.getDuration("sumOfPauses"));
				}
				case "jdk.ThreadPark" -> {
					if (stack != null) {
						parks.merge(site(stack.getFrames()), 1L, Long::sum);
					}
				}
				default -> {
				}
			}
		}
		System.out.println("CPU samples: " + samples);
		print("CPU samples by library (JDK frames counted to their caller)", groupSamples, rows, samples);
		print("CPU samples by thread", threadSamples, rows, samples);
		print("Top of stack (self)", selfSamples, rows, samples);
		print("Anywhere in the stack (inclusive)", inclusiveSamples, rows, samples);
		System.out.println("\nAllocation samples: " + (allocated >> 20) + " MB by weight"
				+ ((calls > 0) ? String.format(", %.0f bytes per call (%d calls)", allocated / (double) calls, calls) : ""));
		print("Allocation by library", allocationGroups, rows, allocated);
		print("Allocated classes", allocationBytes, rows, allocated);
		print("Allocation sites (first frame outside java.*/jdk.*)", allocationSites, rows, allocated);
		System.out.println("\nGC: " + gcPauses + " collections, " + gcPauseTime.toMillis() + " ms of pauses");
		print("Thread parks (longer than the JFR threshold) by site", parks, rows, 0);
	}

	private static String name(RecordedFrame frame) {
		return frame.getMethod().getType().getName() + "." + frame.getMethod().getName();
	}

	private static boolean isJdk(String type) {
		return type.startsWith("java.") || type.startsWith("jdk.") || type.startsWith("sun.");
	}

	/**
	 * The library running: that of the first frame outside the JDK, except that the JDK's concurrency code (locks,
	 * queues, futures) and its socket code are groups of their own.
	 */
	private static String group(List<RecordedFrame> frames) {
		if (!frames.isEmpty()) {
			String top = frames.get(0).getMethod().getType().getName();
			if (top.startsWith("java.util.concurrent.")) {
				return "JDK concurrency (locks, queues, futures, park)";
			}
			if (top.startsWith("sun.nio.") || top.startsWith("java.nio.channels.")) {
				return "JDK sockets and selectors";
			}
		}
		for (RecordedFrame frame : frames) {
			String type = frame.getMethod().getType().getName();
			if (isJdk(type)) {
				continue;
			}
			for (String[] group : GROUPS) {
				if (type.startsWith(group[0])) {
					return group[1];
				}
			}
			return "other: " + type.substring(0, Math.max(0, type.lastIndexOf('.')));
		}
		return "JDK only";
	}

	/** The thread's name without its numbers, as the driver groups the CPU of threads. */
	private static String threadKind(RecordedThread thread) {
		return ProcessCpu.threadKind((thread != null && thread.getJavaName() != null) ? thread.getJavaName() : "?");
	}

	/** The first frame not in the JDK, so that an allocation or park is attributed to the code that caused it. */
	private static String site(List<RecordedFrame> frames) {
		for (RecordedFrame frame : frames) {
			if (!isJdk(frame.getMethod().getType().getName())) {
				return name(frame) + ":" + frame.getLineNumber();
			}
		}
		return frames.isEmpty() ? "?" : name(frames.get(0));
	}

	private static void print(String title, Map<String, Long> counts, int rows, long total) {
		System.out.println("\n" + title + ":");
		counts.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(rows)
			.forEach((entry) -> System.out.printf("  %6.2f%%  %s%n",
					(total > 0) ? 100.0 * entry.getValue() / total : entry.getValue(), entry.getKey()));
	}

}
