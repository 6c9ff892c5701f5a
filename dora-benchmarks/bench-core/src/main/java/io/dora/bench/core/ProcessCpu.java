package io.dora.bench.core;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/**
 * CPU time (user plus system) of a process, read from {@code /proc/<pid>/stat}. Returns -1 where there is no
 * {@code /proc}.
 */
public final class ProcessCpu {

	/** Clock ticks per second of {@code /proc} times; 100 on every Linux the harness targets. */
	private static final long TICKS_PER_SECOND = Long.getLong("bench.clockTicks", 100);

	private ProcessCpu() {
	}

	/** CPU time used so far by {@code pid}, in microseconds. */
	public static long micros(long pid) {
		if (pid <= 0) {
			return -1;
		}
		try {
			String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
			String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
			// After the command name: field 3 is state, so utime (14) and stime (15) are at 11 and 12.
			long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
			return ticks * 1_000_000L / TICKS_PER_SECOND;
		}
		catch (IOException | RuntimeException ex) {
			return -1;
		}
	}

	/**
	 * Context switches (voluntary plus involuntary) of the live threads of {@code pid}, or -1: each is a thread going
	 * to sleep or being woken, so per call they count the hand-offs between threads.
	 */
	public static long contextSwitches(long pid) {
		if (pid <= 0) {
			return -1;
		}
		long total = 0;
		try (var tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
			for (Path task : (Iterable<Path>) tasks::iterator) {
				try {
					for (String line : Files.readAllLines(task.resolve("status"))) {
						if (line.startsWith("voluntary_ctxt_switches:") || line.startsWith("nonvoluntary_ctxt_switches:")) {
							total += Long.parseLong(line.substring(line.indexOf(':') + 1).trim());
						}
					}
				}
				catch (IOException | RuntimeException ex) {
					// the thread ended meanwhile
				}
			}
			return total;
		}
		catch (IOException | RuntimeException ex) {
			return -1;
		}
	}

	/**
	 * CPU time used so far by the live threads of {@code pid}, in microseconds, summed by thread kind: the thread's
	 * name with its numbers taken out ({@code GC Thread#1} and {@code GC Thread#0} are both {@code GC Thread}), with
	 * user and system time apart. Empty where there is no {@code /proc}. The kernel cuts names at 15 characters.
	 * @return for each kind, {user, system} microseconds
	 */
	public static Map<String, long[]> threadMicros(long pid) {
		Map<String, long[]> byKind = new TreeMap<>();
		if (pid <= 0) {
			return byKind;
		}
		try (var tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
			for (Path task : (Iterable<Path>) tasks::iterator) {
				try {
					String stat = Files.readString(task.resolve("stat"));
					String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
					String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
					long[] times = byKind.computeIfAbsent(threadKind(name), (kind) -> new long[2]);
					times[0] += Long.parseLong(fields[11]) * 1_000_000L / TICKS_PER_SECOND;
					times[1] += Long.parseLong(fields[12]) * 1_000_000L / TICKS_PER_SECOND;
				}
				catch (IOException | RuntimeException ex) {
					// the thread ended meanwhile
				}
			}
		}
		catch (IOException | RuntimeException ex) {
			// no /proc
		}
		return byKind;
	}

	/** A thread's name without its numbers: {@code C2 CompilerThre}, {@code epollEventLoopG}, {@code bench-caller-}. */
	public static String threadKind(String name) {
		String kind = name.replaceAll("[0-9]+", "").replaceAll("[-#_ ]+$", "");
		return kind.isEmpty() ? name : kind;
	}

	/** Resident set size of {@code pid} in kilobytes, or -1. */
	public static long rssKilobytes(long pid) {
		try {
			for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
				if (line.startsWith("VmRSS:")) {
					return Long.parseLong(line.replaceAll("[^0-9]", ""));
				}
			}
		}
		catch (IOException | RuntimeException ex) {
			// fall through
		}
		return -1;
	}

}
