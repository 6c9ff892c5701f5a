package io.dora.test;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The live objects of another JVM, from {@code jcmd <pid> GC.class_histogram}: the command runs a full GC first, so
 * the total is the heap that survives a collection, which is what a memory bound is about. Reading it from outside
 * leaves the measured process undisturbed by the test's own objects and by the leak detector the tests run with.
 *
 * @param totalBytes bytes of all live objects
 * @param classes instances and bytes per class name, largest first
 */
public record HeapHistogram(long totalBytes, Map<String, long[]> classes) {

	/** Takes the histogram of the process with the given pid. */
	public static HeapHistogram of(long pid) throws IOException, InterruptedException {
		String jcmd = System.getProperty("java.home") + File.separator + "bin" + File.separator + "jcmd";
		Process process = new ProcessBuilder(jcmd, String.valueOf(pid), "GC.class_histogram").redirectErrorStream(true)
			.start();
		byte[] output = process.getInputStream().readAllBytes();
		if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
			throw new IOException("jcmd failed: " + new String(output, StandardCharsets.UTF_8));
		}
		return parse(new String(output, StandardCharsets.UTF_8));
	}

	static HeapHistogram parse(String text) throws IOException {
		Map<String, long[]> classes = new LinkedHashMap<>();
		long total = -1;
		for (String line : text.split("\n")) {
			String[] fields = line.trim().split("\\s+");
			// "   1:   12345   678900  java.lang.String (java.base@17)" and "Total   123456   7890123"
			if (fields.length >= 4 && fields[0].endsWith(":")) {
				classes.put(fields[3], new long[] { Long.parseLong(fields[1]), Long.parseLong(fields[2]) });
			}
			else if (fields.length == 3 && fields[0].equals("Total")) {
				total = Long.parseLong(fields[2]);
			}
		}
		if (total < 0) {
			throw new IOException("no total in the class histogram:\n" + text);
		}
		return new HeapHistogram(total, classes);
	}

	/** Live instances of a class, by its name as the histogram prints it ({@code a.b.Outer$Inner}). */
	public long instances(String className) {
		long[] entry = this.classes.get(className);
		return (entry != null) ? entry[0] : 0;
	}

	/** The classes that grew most since {@code earlier}, for messages. */
	public String growthSince(HeapHistogram earlier, int top) {
		List<Map.Entry<String, Long>> growth = new ArrayList<>();
		this.classes.forEach((name, entry) -> {
			long[] before = earlier.classes.get(name);
			growth.add(Map.entry(name, entry[1] - ((before != null) ? before[1] : 0)));
		});
		growth.sort(Map.Entry.<String, Long>comparingByValue().reversed());
		StringBuilder text = new StringBuilder();
		growth.stream().limit(top).forEach((entry) -> text.append(String.format("%n  %+,12d B  %s (%,d instances)",
				entry.getValue(), entry.getKey(), instances(entry.getKey()))));
		return text.toString();
	}

	@Override
	public String toString() {
		return String.format("%,d bytes live", this.totalBytes);
	}

}
