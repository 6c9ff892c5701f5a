package io.dora.bench.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;

import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * Runs the scenarios named on the command line against one peer and prints one {@link ResultLine} per scenario.
 * Every scenario runs for its warm-up, then for its measurement window; only calls started and finished inside the
 * window count. Latency is recorded in HdrHistograms; CPU time of the driver JVM and of the server JVM is read from
 * {@code /proc} at both ends of the window, with the context switches of both (thread hand-offs and wake-ups) and the
 * bytes the driver allocated. Scenarios:
 * <ul>
 * <li>{@code sync:<operation>:<threads>}: closed loop, each thread waits for its call;</li>
 * <li>{@code fanout:<apis>}: one caller, each op calls that many different APIs at once and waits for all;</li>
 * <li>{@code async:<in-flight>}: one caller issues that many async calls (futures), then joins all, and again;</li>
 * <li>{@code collect:<in-flight>}: the same with the peer's submit-now-collect-later API (Dora's mode 2);</li>
 * <li>{@code oneway:<threads>}: fire-and-forget notify calls; afterwards the server's count shows the loss.</li>
 * </ul>
 */
public final class LoadDriver {

	private static final long HIGHEST_NANOS = 60_000_000_000L;

	private final DriverOptions options;

	private final BenchClient client;

	private final AtomicLong sequence = new AtomicLong();

	private LoadDriver(DriverOptions options, BenchClient client) {
		this.options = options;
		this.client = client;
	}

	/** Parses the options, builds the peer's client and runs every scenario; exits the JVM when done. */
	public static void main(String[] args, Function<DriverOptions, BenchClient> clientFactory) {
		DriverOptions options = new DriverOptions(args);
		int status = 0;
		try (BenchClient client = clientFactory.apply(options)) {
			new LoadDriver(options, client).runAll();
		}
		catch (Throwable ex) {
			ex.printStackTrace();
			status = 1;
		}
		System.out.flush();
		System.exit(status);
	}

	private void runAll() {
		List<String> scenarios = this.options.scenarios();
		int jvmWarmup = this.options.jvmWarmupSeconds();
		if (jvmWarmup > 0) {
			long each = Math.max(1000, jvmWarmup * 1000L / scenarios.size());
			log("JVM warm-up: " + jvmWarmup + " s over " + scenarios.size() + " scenarios");
			for (String scenario : scenarios) {
				runScenario(scenario, each, 0);
			}
		}
		for (String scenario : scenarios) {
			ResultLine result = runScenario(scenario, this.options.warmupSeconds() * 1000L,
					this.options.measureSeconds() * 1000L);
			if (result != null) {
				System.out.println(result);
				System.out.flush();
			}
		}
	}

	private ResultLine runScenario(String scenario, long warmupMillis, long measureMillis) {
		String[] parts = scenario.split(":");
		try {
			return switch (parts[0]) {
				case "sync" -> closedLoop(scenario, Integer.parseInt(parts[2]), 1, warmupMillis, measureMillis,
						syncCall(Operation.of(parts[1])));
				case "fanout" -> closedLoop(scenario, (parts.length > 2) ? Integer.parseInt(parts[2]) : 1,
						Integer.parseInt(parts[1]), warmupMillis, measureMillis, fanOut(Integer.parseInt(parts[1])));
				case "async" -> async(scenario, Integer.parseInt(parts[1]), warmupMillis, measureMillis, false);
				case "collect" -> async(scenario, Integer.parseInt(parts[1]), warmupMillis, measureMillis, true);
				case "oneway" -> oneWay(scenario, Integer.parseInt(parts[1]), warmupMillis, measureMillis);
				default -> throw new IllegalArgumentException("unknown scenario " + scenario);
			};
		}
		catch (UnsupportedOperationException ex) {
			log(scenario + " is not applicable to " + this.options.peer());
			return (measureMillis > 0) ? base(scenario).put("skipped", "not applicable") : null;
		}
		catch (RuntimeException ex) {
			// One scenario failing (a peer overwhelmed, a timeout) must not cost the others their figures.
			log(scenario + " failed: " + ex);
			return (measureMillis > 0) ? base(scenario).put("skipped", "failed: " + ex.getClass().getSimpleName())
				.put("errors", 1) : null;
		}
	}

	private Runnable syncCall(Operation operation) {
		return () -> operation.verify(this.client.call(operation, this.sequence.incrementAndGet()));
	}

	private Runnable fanOut(int apis) {
		return () -> this.client.fanOut(apis, this.sequence.incrementAndGet() & 1023);
	}

	/** Threads that each run {@code op} back to back; {@code callsPerOp} converts ops to calls. */
	private ResultLine closedLoop(String scenario, int threads, int callsPerOp, long warmupMillis, long measureMillis,
			Runnable op) {
		probe(op);
		Window window = new Window(warmupMillis, measureMillis);
		List<Histogram> histograms = new ArrayList<>();
		LongAdder errors = new LongAdder();
		AtomicInteger firstErrorLogged = new AtomicInteger();
		List<Thread> workers = new ArrayList<>();
		for (int i = 0; i < threads; i++) {
			Histogram histogram = new Histogram(HIGHEST_NANOS, 3);
			histograms.add(histogram);
			Thread worker = new Thread(() -> {
				while (!window.isOver()) {
					long start = System.nanoTime();
					try {
						op.run();
						long end = System.nanoTime();
						if (window.contains(start, end)) {
							histogram.recordValue(Math.min(end - start, HIGHEST_NANOS));
						}
					}
					catch (RuntimeException ex) {
						if (window.contains(start, start)) {
							errors.increment();
						}
						if (firstErrorLogged.getAndIncrement() == 0) {
							log(scenario + ": first error: " + ex);
						}
					}
				}
			}, "bench-caller-" + i);
			worker.setDaemon(true);
			workers.add(worker);
		}
		workers.forEach(Thread::start);
		Cpu cpu = window.await(this.options.serverPid());
		joinAll(workers);
		if (measureMillis == 0) {
			return null;
		}
		Histogram total = new Histogram(HIGHEST_NANOS, 3);
		histograms.forEach(total::add);
		return summary(scenario, threads, total, total.getTotalCount(), callsPerOp, errors.sum(), cpu, window);
	}

	/** One call before the threads start, so that an operation the peer lacks is reported as not applicable. */
	private static void probe(Runnable op) {
		try {
			op.run();
		}
		catch (UnsupportedOperationException ex) {
			throw ex;
		}
		catch (RuntimeException ex) {
			// counted as errors by the scenario itself
		}
	}

	private ResultLine async(String scenario, int inFlight, long warmupMillis, long measureMillis, boolean collect) {
		// A batch before the caller starts: a peer without the API is reported as not applicable, not as millions of
		// errors (one call, since an empty async batch never reaches the peer).
		if (collect) {
			this.client.collectBatch(0, 0, (nanos) -> {
			});
		}
		else {
			probe(() -> this.client.asyncBatch(1, 0, (nanos) -> {
			}));
		}
		Window window = new Window(warmupMillis, measureMillis);
		Histogram total = new Histogram(HIGHEST_NANOS, 3);
		long[] counted = new long[2];
		Thread caller = new Thread(() -> {
			ConcurrentHistogram batch = new ConcurrentHistogram(HIGHEST_NANOS, 3);
			while (!window.isOver()) {
				batch.reset();
				long start = System.nanoTime();
				int failed;
				try {
					long firstId = this.sequence.getAndAdd(inFlight) & 1023;
					failed = collect
							? this.client.collectBatch(inFlight, firstId, (nanos) -> batch.recordValue(Math.min(nanos, HIGHEST_NANOS)))
							: this.client.asyncBatch(inFlight, firstId, (nanos) -> batch.recordValue(Math.min(nanos, HIGHEST_NANOS)));
				}
				catch (RuntimeException ex) {
					log(scenario + ": batch failed: " + ex);
					failed = inFlight;
				}
				if (window.contains(start, System.nanoTime())) {
					total.add(batch);
					counted[0] += inFlight - failed;
					counted[1] += failed;
				}
			}
		}, "bench-async-caller");
		caller.setDaemon(true);
		caller.start();
		Cpu cpu = window.await(this.options.serverPid());
		joinAll(List.of(caller));
		if (measureMillis == 0) {
			return null;
		}
		return summary(scenario, 1, total, counted[0], 1, counted[1], cpu, window).put("inFlight", inFlight);
	}

	private ResultLine oneWay(String scenario, int threads, long warmupMillis, long measureMillis) {
		long receivedBefore = this.client.notifiedOnServer();
		long failedBefore = this.client.oneWayFailures();
		Window window = new Window(warmupMillis, measureMillis);
		ConcurrentHistogram histogram = new ConcurrentHistogram(HIGHEST_NANOS, 3);
		LongAdder sentTotal = new LongAdder();
		LongAdder errors = new LongAdder();
		User user = BenchData.user(42);
		List<Thread> workers = new ArrayList<>();
		for (int i = 0; i < threads; i++) {
			Thread worker = new Thread(() -> {
				while (!window.isOver()) {
					long start = System.nanoTime();
					try {
						this.client.notifyOneWay(user);
						sentTotal.increment();
						long end = System.nanoTime();
						if (window.contains(start, end)) {
							histogram.recordValue(Math.min(end - start, HIGHEST_NANOS));
						}
					}
					catch (RuntimeException ex) {
						errors.increment();
					}
				}
			}, "bench-sender-" + i);
			worker.setDaemon(true);
			workers.add(worker);
		}
		workers.forEach(Thread::start);
		Cpu cpu = window.await(this.options.serverPid());
		joinAll(workers);
		long sent = sentTotal.sum();
		long deadline = System.nanoTime() + 30_000_000_000L;
		long received = receivedSince(receivedBefore);
		while (received < sent - (this.client.oneWayFailures() - failedBefore) && System.nanoTime() < deadline) {
			sleep(200);
			received = receivedSince(receivedBefore);
		}
		if (measureMillis == 0) {
			return null;
		}
		long failedLater = this.client.oneWayFailures() - failedBefore;
		ResultLine line = summary(scenario, threads, histogram, histogram.getTotalCount(), 1, errors.sum(), cpu, window)
			.put("sent", sent)
			.put("failedLater", failedLater);
		if (received >= 0) {
			// A call whose acknowledgement failed was reported to its caller: an error, not a loss.
			line.put("received", received).put("lost", sent - failedLater - received);
		}
		else {
			line.put("received", "unknown: the server did not answer the count");
		}
		return line;
	}

	/** Notify calls the server received since {@code before}; -1 while the server is too busy to answer. */
	private long receivedSince(long before) {
		try {
			return this.client.notifiedOnServer() - before;
		}
		catch (RuntimeException ex) {
			return -1;
		}
	}

	private ResultLine base(String scenario) {
		return new ResultLine().put("peer", this.options.peer()).put("scenario", scenario).put("run", this.options.run());
	}

	private ResultLine summary(String scenario, int threads, Histogram latency, long ops, int callsPerOp, long errors,
			Cpu cpu, Window window) {
		double seconds = window.measureNanos / 1e9;
		long calls = ops * callsPerOp;
		ResultLine line = base(scenario).put("threads", threads)
			.put("ops", ops)
			.put("calls", calls)
			.put("seconds", seconds)
			.put("opsPerSecond", ops / seconds)
			.put("callsPerSecond", calls / seconds)
			.put("p50Micros", latency.getValueAtPercentile(50) / 1000.0)
			.put("p99Micros", latency.getValueAtPercentile(99) / 1000.0)
			.put("p999Micros", latency.getValueAtPercentile(99.9) / 1000.0)
			.put("maxMicros", latency.getMaxValue() / 1000.0)
			.put("errors", errors)
			.put("clientCpuMicros", cpu.client)
			.put("serverCpuMicros", cpu.server)
			.put("clientRssKb", ProcessCpu.rssKilobytes(ProcessHandle.current().pid()));
		if (calls > 0 && cpu.client >= 0 && cpu.server >= 0) {
			line.put("cpuMicrosPerCall", (cpu.client + cpu.server) / (double) calls);
		}
		if (calls > 0 && cpu.clientSwitches >= 0 && cpu.serverSwitches >= 0) {
			line.put("clientSwitchesPerCall", cpu.clientSwitches / (double) calls);
			line.put("serverSwitchesPerCall", cpu.serverSwitches / (double) calls);
		}
		if (ops > 0 && cpu.clientAllocated >= 0) {
			line.put("clientBytesPerOp", cpu.clientAllocated / (double) ops);
		}
		if (calls > 0) {
			// For profiles: the window's wall-clock ends (to cut a JFR recording to it) and where the CPU went.
			log(scenario + ": measured from " + cpu.windowStartEpochMillis + " to " + cpu.windowEndEpochMillis
					+ " (epoch ms), " + calls + " calls; CPU µs per call by thread (user+system), client: "
					+ perCall(cpu.clientThreads, calls) + "; server: " + perCall(cpu.serverThreads, calls));
		}
		return line;
	}

	private static String perCall(Map<String, long[]> threads, long calls) {
		StringBuilder text = new StringBuilder();
		threads.entrySet()
			.stream()
			.filter((entry) -> entry.getValue()[0] + entry.getValue()[1] > 0)
			.sorted((a, b) -> Long.compare(b.getValue()[0] + b.getValue()[1], a.getValue()[0] + a.getValue()[1]))
			.forEach((entry) -> text.append((text.length() > 0) ? ", " : "")
				.append(String.format("%s %.1f+%.1f", entry.getKey(), entry.getValue()[0] / (double) calls,
						entry.getValue()[1] / (double) calls)));
		return text.toString();
	}

	private static void joinAll(List<Thread> threads) {
		for (Thread thread : threads) {
			try {
				thread.join(30_000);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
		}
	}

	static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	static void log(String message) {
		System.err.println("[driver] " + message);
	}

	/** CPU microseconds and context switches during the measurement window, of the driver and the server. */
	private record Cpu(long client, long server, long clientSwitches, long serverSwitches, long clientAllocated,
			Map<String, long[]> clientThreads, Map<String, long[]> serverThreads, long windowStartEpochMillis,
			long windowEndEpochMillis) {
	}

	/** Warm-up then measurement, on the monotonic clock. */
	private static final class Window {

		final long measureStart;

		final long measureEnd;

		final long measureNanos;

		private volatile boolean over;

		Window(long warmupMillis, long measureMillis) {
			this.measureStart = System.nanoTime() + warmupMillis * 1_000_000L;
			this.measureNanos = measureMillis * 1_000_000L;
			this.measureEnd = this.measureStart + this.measureNanos;
		}

		boolean isOver() {
			return this.over;
		}

		boolean contains(long start, long end) {
			return start >= this.measureStart && end <= this.measureEnd;
		}

		/** Sleeps through the window, reading CPU times at both ends, then ends it. */
		Cpu await(long serverPid) {
			long self = ProcessHandle.current().pid();
			sleepUntil(this.measureStart);
			long clientStart = ProcessCpu.micros(self);
			long serverStart = ProcessCpu.micros(serverPid);
			long clientSwitchesStart = ProcessCpu.contextSwitches(self);
			long serverSwitchesStart = ProcessCpu.contextSwitches(serverPid);
			long allocatedStart = HeapAllocation.allocatedBytes();
			Map<String, long[]> clientThreadsStart = ProcessCpu.threadMicros(self);
			Map<String, long[]> serverThreadsStart = ProcessCpu.threadMicros(serverPid);
			long startEpochMillis = System.currentTimeMillis();
			sleepUntil(this.measureEnd);
			long endEpochMillis = System.currentTimeMillis();
			Map<String, long[]> clientThreads = since(clientThreadsStart, ProcessCpu.threadMicros(self));
			Map<String, long[]> serverThreads = since(serverThreadsStart, ProcessCpu.threadMicros(serverPid));
			long clientEnd = ProcessCpu.micros(self);
			long serverEnd = ProcessCpu.micros(serverPid);
			long allocatedEnd = HeapAllocation.allocatedBytes();
			long clientSwitchesEnd = ProcessCpu.contextSwitches(self);
			long serverSwitchesEnd = ProcessCpu.contextSwitches(serverPid);
			this.over = true;
			return new Cpu((clientStart >= 0) ? clientEnd - clientStart : -1,
					(serverStart >= 0) ? serverEnd - serverStart : -1,
					(clientSwitchesStart >= 0) ? clientSwitchesEnd - clientSwitchesStart : -1,
					(serverSwitchesStart >= 0) ? serverSwitchesEnd - serverSwitchesStart : -1,
					(allocatedStart >= 0) ? allocatedEnd - allocatedStart : -1, clientThreads, serverThreads,
					startEpochMillis, endEpochMillis);
		}

		/** The CPU each kind of thread used between two readings (a thread that ended in between is not counted). */
		private static Map<String, long[]> since(Map<String, long[]> start, Map<String, long[]> end) {
			Map<String, long[]> used = new TreeMap<>();
			end.forEach((kind, times) -> {
				long[] before = start.getOrDefault(kind, new long[2]);
				used.put(kind, new long[] { Math.max(0, times[0] - before[0]), Math.max(0, times[1] - before[1]) });
			});
			return used;
		}

		private static void sleepUntil(long nanoTime) {
			long left;
			while ((left = nanoTime - System.nanoTime()) > 0) {
				sleep(Math.max(1, left / 1_000_000));
			}
		}

	}

}
