package io.dora.bench.micro;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.IntSupplier;

/**
 * {@link ReplyReadBenchmark}'s three ways of reading a reply, measured in CPU time of this thread per reply: rounds
 * of each in turn, after a warm-up, and the median round reported. CPU time counts only what this thread ran, so
 * other processes on a shared machine disturb it less than wall time (caches and frequency still vary).
 * <p>
 * Run: {@code java -cp "dora-benchmarks/bench-micro/target/classes:$(cat dora-benchmarks/bench-micro/target/classpath.txt)" io.dora.bench.micro.ReplyReadCpu}
 */
public final class ReplyReadCpu {

	private static final int WARMUP_ROUNDS = 15;

	private static final int ROUNDS = 15;

	private static final int READS_PER_ROUND = 20_000;

	private static int sink;

	private ReplyReadCpu() {
	}

	public static void main(String[] args) {
		ThreadMXBean threads = ManagementFactory.getThreadMXBean();
		System.out.println("CPU ns per reply read (median of " + ROUNDS + " rounds of " + READS_PER_ROUND + ")");
		System.out.println("results compressed  readOnce  readAsBefore  readAsBeforeObserved  once/before  once/observed");
		for (int results : new int[] { 1, 10 }) {
			for (boolean compressed : new boolean[] { false, true }) {
				ReplyReadBenchmark reply = new ReplyReadBenchmark();
				reply.results = results;
				reply.compressed = compressed;
				reply.writeReply();
				List<IntSupplier> ways = List.of(reply::readOnce, reply::readAsBefore, reply::readAsBeforeObserved);
				List<List<Double>> perRound = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
				for (int round = 0; round < WARMUP_ROUNDS + ROUNDS; round++) {
					for (int way = 0; way < ways.size(); way++) {
						long start = threads.getCurrentThreadCpuTime();
						IntSupplier read = ways.get(way);
						for (int i = 0; i < READS_PER_ROUND; i++) {
							sink += read.getAsInt();
						}
						double nanosPerRead = (threads.getCurrentThreadCpuTime() - start) / (double) READS_PER_ROUND;
						if (round >= WARMUP_ROUNDS) {
							perRound.get(way).add(nanosPerRead);
						}
					}
				}
				double once = median(perRound.get(0));
				double before = median(perRound.get(1));
				double observed = median(perRound.get(2));
				System.out.println(String.format(Locale.ROOT, "%7d %10s %9.0f %13.0f %21.0f %12.2f %14.2f", results,
						compressed, once, before, observed, once / before, once / observed));
			}
		}
		if (sink == 42) {
			System.out.println();
		}
	}

	private static double median(List<Double> values) {
		List<Double> sorted = new ArrayList<>(values);
		sorted.sort(null);
		return sorted.get(sorted.size() / 2);
	}

}
