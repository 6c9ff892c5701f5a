package io.dora.bench.soak;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

import io.dora.bench.soak.SoakProvider.ProcessFigures;
import io.dora.bench.soak.driver.SoakClientApplication;
import io.dora.client.DoraOperations;
import org.HdrHistogram.Histogram;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A soak: a provider in its own JVM, this JVM as the caller. It measures what the mix of every call mode over TCP
 * and HTTP sustains, then runs it at a share of that rate (70 %) for the given time, and passes when no call failed,
 * every fire-and-forget call was executed, every async result was collected with its own data, and neither
 * process grew: heap after a full GC, threads and open files at the end against a baseline taken after warm-up.
 * <p>
 * {@code java ... io.dora.bench.soak.SoakRun [duration, e.g. 10m]}; {@code dora-benchmarks/soak.sh} builds and runs it.
 */
public final class SoakRun {

	/** Heap growth allowed on top of the baseline: a share of it plus a constant for allocator noise. */
	private static final double HEAP_GROWTH_SHARE = 0.25;

	private static final long HEAP_GROWTH_BYTES = 16L * 1024 * 1024;

	private static final int THREAD_GROWTH = 8;

	private static final int FILE_GROWTH = 16;

	private final SoakSettings settings;

	private final PrintStream out;

	private final List<String> failures = new ArrayList<>();

	public SoakRun(SoakSettings settings, PrintStream out) {
		this.settings = settings;
		this.out = out;
	}

	public static void main(String[] args) throws Exception {
		Duration duration = (args.length > 0) ? parse(args[0]) : Duration.ofMinutes(10);
		boolean passed = new SoakRun(SoakSettings.of(duration), System.out).run();
		System.exit(passed ? 0 : 1);
	}

	/** Runs the soak; {@code true} when it passed. Failures are printed and kept in {@link #failures()}. */
	public boolean run() throws Exception {
		int tcpPort = freePort();
		int httpPort = freePort();
		Process provider = startProvider(tcpPort, httpPort);
		try (ConfigurableApplicationContext client = new SpringApplicationBuilder(SoakClientApplication.class)
			.web(WebApplicationType.NONE)
			.properties("dora.server.enabled=false", "dora.client.timeout=10s")
			.run()) {
			DoraOperations dora = client.getBean(DoraOperations.class).withAddress("127.0.0.1:" + tcpPort);
			return soak(dora, httpPort);
		}
		finally {
			provider.destroy();
			if (!provider.waitFor(30, TimeUnit.SECONDS)) {
				provider.destroyForcibly();
			}
		}
	}

	public List<String> failures() {
		return this.failures;
	}

	private boolean soak(DoraOperations dora, int httpPort) throws Exception {
		SoakAsyncResults asyncResults = new SoakAsyncResults(dora);
		SoakMix mix = new SoakMix(dora, httpPort, asyncResults);
		ExecutorService workers = Executors.newFixedThreadPool(this.settings.workers());
		ScheduledExecutorService collector = Executors.newSingleThreadScheduledExecutor();
		try {
			collector.scheduleWithFixedDelay(() -> asyncResults.collect(Duration.ZERO), 200, 200, TimeUnit.MILLISECONDS);
			double capacity = calibrate(mix, workers);
			double rate = capacity * this.settings.loadShare();
			this.out.printf("soak: capacity %.0f calls/s with %d callers; running %s at %.0f calls/s (%.0f %%)%n",
					capacity, this.settings.workers(), this.settings.duration(), rate, this.settings.loadShare() * 100);
			SteadyLoad load = new SteadyLoad(mix, workers, this.settings.workers(), rate);
			List<Sample> samples = new ArrayList<>();
			long start = System.nanoTime();
			long end = start + this.settings.duration().toNanos();
			load.start();
			while (System.nanoTime() < end) {
				long left = Math.max(1, (end - System.nanoTime()) / 1_000_000);
				Thread.sleep(Math.min(this.settings.sampleInterval().toMillis(), left));
				Sample sample = new Sample(Duration.ofNanos(System.nanoTime() - start), figures(dora),
						ProcessFigures.now(), load.completed(), load.errors());
				samples.add(sample);
				this.out.println("soak: " + sample);
			}
			load.stop();
			collector.shutdown();
			collector.awaitTermination(10, TimeUnit.SECONDS);
			asyncResults.collect(Duration.ofSeconds(10));
			judge(dora, mix, asyncResults, load, samples);
		}
		finally {
			workers.shutdownNow();
			collector.shutdownNow();
		}
		this.failures.forEach((failure) -> this.out.println("soak FAILED: " + failure));
		this.out.println(this.failures.isEmpty() ? "soak PASSED" : "soak FAILED");
		return this.failures.isEmpty();
	}

	/** Closed loop with every worker busy: what the mix sustains. */
	private double calibrate(SoakMix mix, ExecutorService workers) throws InterruptedException {
		AtomicBoolean running = new AtomicBoolean(true);
		LongAdder calls = new LongAdder();
		LongAdder errors = new LongAdder();
		long warmUpEnd = System.nanoTime() + this.settings.calibration().toNanos() / 3;
		CountDownLatch done = new CountDownLatch(this.settings.workers());
		for (int i = 0; i < this.settings.workers(); i++) {
			workers.execute(() -> {
				try {
					while (running.get()) {
						try {
							mix.next();
							if (System.nanoTime() > warmUpEnd) {
								calls.increment();
							}
						}
						catch (Exception ex) {
							errors.increment();
						}
					}
				}
				finally {
					done.countDown();
				}
			});
		}
		Thread.sleep(Duration.ofNanos(warmUpEnd - System.nanoTime()).toMillis());
		long measureStart = System.nanoTime();
		calls.reset();
		Thread.sleep(this.settings.calibration().toMillis() * 2 / 3);
		double seconds = (System.nanoTime() - measureStart) / 1e9;
		long measured = calls.sum();
		running.set(false);
		done.await(30, TimeUnit.SECONDS);
		if (errors.sum() > 0) {
			this.failures.add(errors.sum() + " calls failed while measuring capacity");
		}
		return measured / seconds;
	}

	private void judge(DoraOperations dora, SoakMix mix, SoakAsyncResults asyncResults, SteadyLoad load,
			List<Sample> samples) throws InterruptedException {
		Histogram latency = load.latency();
		this.out.printf("soak: %d calls, %d errors, latency p50 %.2f ms, p99 %.2f ms, p99.9 %.2f ms, max %.2f ms%n",
				load.completed(), load.errors(), latency.getValueAtPercentile(50) / 1e3,
				latency.getValueAtPercentile(99) / 1e3, latency.getValueAtPercentile(99.9) / 1e3,
				latency.getMaxValue() / 1e3);
		if (load.errors() > 0) {
			this.failures.add(load.errors() + " calls failed; first: " + load.firstError());
		}
		long notified = awaitNotified(dora, mix.sent());
		if (notified != mix.sent()) {
			this.failures.add(mix.sent() + " fire-and-forget calls acknowledged, " + notified + " executed");
		}
		if (asyncResults.wrong() > 0 || asyncResults.outstanding() > 0) {
			this.failures.add(asyncResults.collected() + " async results collected, " + asyncResults.wrong()
					+ " wrong, " + asyncResults.outstanding() + " never collected");
		}
		checkGrowth(samples);
	}

	/** Executions of fire-and-forget calls lag their acknowledgements by a moment; wait for them to settle. */
	private long awaitNotified(DoraOperations dora, long expected) throws InterruptedException {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
		long notified = dora.call("/soak/notified", null, Long.class);
		while (notified < expected && System.nanoTime() < deadline) {
			Thread.sleep(50);
			notified = dora.call("/soak/notified", null, Long.class);
		}
		return notified;
	}

	/** The baseline is taken a quarter into the run, after warm-up; the end is the least of the last three samples. */
	private void checkGrowth(List<Sample> samples) {
		if (samples.size() < 4) {
			this.failures.add("too few samples (" + samples.size() + ") to judge growth");
			return;
		}
		Sample baseline = samples.get(samples.size() / 4);
		List<Sample> last = samples.subList(samples.size() - 3, samples.size());
		check("provider heap after GC", baseline.provider().heapAfterGc(),
				last.stream().mapToLong((s) -> s.provider().heapAfterGc()).min().getAsLong(),
				(long) (baseline.provider().heapAfterGc() * HEAP_GROWTH_SHARE) + HEAP_GROWTH_BYTES);
		check("caller heap after GC", baseline.caller().heapAfterGc(),
				last.stream().mapToLong((s) -> s.caller().heapAfterGc()).min().getAsLong(),
				(long) (baseline.caller().heapAfterGc() * HEAP_GROWTH_SHARE) + HEAP_GROWTH_BYTES);
		check("provider threads", baseline.provider().threads(),
				last.stream().mapToLong((s) -> s.provider().threads()).min().getAsLong(), THREAD_GROWTH);
		check("caller threads", baseline.caller().threads(),
				last.stream().mapToLong((s) -> s.caller().threads()).min().getAsLong(), THREAD_GROWTH);
		check("provider open files", baseline.provider().openFiles(),
				last.stream().mapToLong((s) -> s.provider().openFiles()).min().getAsLong(), FILE_GROWTH);
		check("caller open files", baseline.caller().openFiles(),
				last.stream().mapToLong((s) -> s.caller().openFiles()).min().getAsLong(), FILE_GROWTH);
	}

	private void check(String what, long baseline, long end, long allowed) {
		this.out.printf("soak: %-22s baseline %,d, end %,d (allowed growth %,d)%n", what, baseline, end, allowed);
		if (end - baseline > allowed) {
			this.failures.add(what + " grew from " + baseline + " to " + end);
		}
	}

	private static ProcessFigures figures(DoraOperations dora) {
		return dora.call("/soak/figures", null, ProcessFigures.class);
	}

	private Process startProvider(int tcpPort, int httpPort) throws IOException, InterruptedException {
		String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
		Process process = new ProcessBuilder(java, "-Xms256m", "-Xmx256m", "-cp", System.getProperty("java.class.path"),
				SoakProvider.class.getName(), "--dora.server.port=" + tcpPort, "--server.port=" + httpPort,
				"--server.tomcat.max-keep-alive-requests=-1")
			.redirectErrorStream(true)
			.start();
		CountDownLatch ready = new CountDownLatch(1);
		Thread relay = new Thread(() -> {
			try (BufferedReader lines = new BufferedReader(
					new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
				String line;
				while ((line = lines.readLine()) != null) {
					if (line.contains(SoakProvider.READY)) {
						ready.countDown();
					}
					else if (line.contains(" WARN ") || line.contains(" ERROR ") || line.contains("Exception")) {
						this.out.println("provider: " + line);
					}
				}
			}
			catch (IOException ex) {
				// The provider ended.
			}
		}, "soak-provider-output");
		relay.setDaemon(true);
		relay.start();
		if (!ready.await(3, TimeUnit.MINUTES)) {
			process.destroyForcibly();
			throw new IllegalStateException("The soak provider did not start within 3 minutes");
		}
		return process;
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

	static Duration parse(String text) {
		String value = text.trim().toLowerCase();
		if (value.endsWith("m")) {
			return Duration.ofMinutes(Long.parseLong(value.substring(0, value.length() - 1)));
		}
		if (value.endsWith("s")) {
			return Duration.ofSeconds(Long.parseLong(value.substring(0, value.length() - 1)));
		}
		return Duration.ofSeconds(Long.parseLong(value));
	}

	/** One look at both processes during the soak. */
	record Sample(Duration at, ProcessFigures provider, ProcessFigures caller, long calls, long errors) {

		@Override
		public String toString() {
			return String.format("%4ds calls %,d errors %d | provider heap %,d KB, %d threads, %d files | caller heap "
					+ "%,d KB, %d threads, %d files", this.at.toSeconds(), this.calls, this.errors,
					this.provider.heapAfterGc() / 1024, this.provider.threads(), this.provider.openFiles(),
					this.caller.heapAfterGc() / 1024, this.caller.threads(), this.caller.openFiles());
		}

	}

}
