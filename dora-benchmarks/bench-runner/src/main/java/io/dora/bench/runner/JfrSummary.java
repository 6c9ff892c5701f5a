package io.dora.bench.runner;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * Summarises a JFR recording of a benchmark JVM: the methods most often on top of the stack in CPU samples, the
 * methods most often anywhere in those stacks (inclusive), the classes allocated most by weight, and where threads
 * parked. Usage: {@code JfrSummary <recording.jfr> [rows]}.
 */
public final class JfrSummary {

	private JfrSummary() {
	}

	public static void main(String[] args) throws IOException {
		int rows = (args.length > 1) ? Integer.parseInt(args[1]) : 25;
		Map<String, Long> selfSamples = new HashMap<>();
		Map<String, Long> inclusiveSamples = new HashMap<>();
		Map<String, Long> allocationBytes = new HashMap<>();
		Map<String, Long> allocationSites = new HashMap<>();
		Map<String, Long> parks = new HashMap<>();
		long samples = 0;
		long allocated = 0;
		for (RecordedEvent event : RecordingFile.readAllEvents(Path.of(args[0]))) {
			String type = event.getEventType().getName();
			RecordedStackTrace stack = event.getStackTrace();
			switch (type) {
				case "jdk.ExecutionSample" -> {
					samples++;
					if (stack != null && !stack.getFrames().isEmpty()) {
						selfSamples.merge(name(stack.getFrames().get(0)), 1L, Long::sum);
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
					}
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
		print("Top of stack (self)", selfSamples, rows, samples);
		print("Anywhere in the stack (inclusive)", inclusiveSamples, rows, samples);
		System.out.println("\nAllocation samples: " + (allocated >> 20) + " MB by weight");
		print("Allocated classes", allocationBytes, rows, allocated);
		print("Allocation sites (first frame outside java.*/jdk.*)", allocationSites, rows, allocated);
		print("Thread parks (longer than the JFR threshold) by site", parks, rows, 0);
	}

	private static String name(RecordedFrame frame) {
		return frame.getMethod().getType().getName() + "." + frame.getMethod().getName();
	}

	/** The first frame not in the JDK, so that an allocation or park is attributed to the code that caused it. */
	private static String site(List<RecordedFrame> frames) {
		for (RecordedFrame frame : frames) {
			String type = frame.getMethod().getType().getName();
			if (!type.startsWith("java.") && !type.startsWith("jdk.") && !type.startsWith("sun.")) {
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
