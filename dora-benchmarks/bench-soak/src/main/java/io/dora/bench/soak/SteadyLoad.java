package io.dora.bench.soak;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * Issues the mix at a fixed rate (open loop), so that slow calls show as latency rather than as a lower rate: each
 * call's latency is measured from when it was due, including any wait for a free worker.
 */
final class SteadyLoad {

	private final SoakMix mix;

	private final ExecutorService workers;

	private final long intervalNanos;

	private final Semaphore idleWorkers;

	private final Histogram latency = new ConcurrentHistogram(60_000_000L, 3);

	private final LongAdder completed = new LongAdder();

	private final LongAdder errors = new LongAdder();

	private final AtomicReference<String> firstError = new AtomicReference<>();

	private volatile boolean running;

	private Thread pacer;

	private final int workerCount;

	SteadyLoad(SoakMix mix, ExecutorService workers, int workerCount, double callsPerSecond) {
		this.mix = mix;
		this.workers = workers;
		this.workerCount = workerCount;
		this.intervalNanos = (long) (1e9 / Math.max(1, callsPerSecond));
		this.idleWorkers = new Semaphore(workerCount);
	}

	void start() {
		this.running = true;
		this.pacer = new Thread(this::pace, "soak-pacer");
		this.pacer.start();
	}

	private void pace() {
		long next = System.nanoTime();
		while (this.running) {
			long now = System.nanoTime();
			if (now < next) {
				long wait = next - now;
				if (wait > 200_000) {
					try {
						TimeUnit.NANOSECONDS.sleep(wait - 100_000);
					}
					catch (InterruptedException ex) {
						return;
					}
				}
				continue;
			}
			long scheduled = next;
			next += this.intervalNanos;
			try {
				this.idleWorkers.acquire();
			}
			catch (InterruptedException ex) {
				return;
			}
			try {
				this.workers.execute(() -> call(scheduled));
			}
			catch (RejectedExecutionException ex) {
				this.idleWorkers.release();
				return;
			}
		}
	}

	private void call(long scheduledNanos) {
		try {
			this.mix.next();
			this.completed.increment();
		}
		catch (Exception ex) {
			this.errors.increment();
			this.firstError.compareAndSet(null, ex.getClass().getSimpleName() + ": " + ex.getMessage());
		}
		finally {
			// Latency from when the call was due, so a call that waited for a worker is not flattered.
			this.latency.recordValue(Math.max(0, (System.nanoTime() - scheduledNanos) / 1_000));
			this.idleWorkers.release();
		}
	}

	void stop() throws InterruptedException {
		this.running = false;
		if (this.pacer != null) {
			this.pacer.join(5_000);
		}
		// Let the calls in flight finish.
		this.idleWorkers.acquire(this.workerCount);
	}

	long completed() {
		return this.completed.sum();
	}

	long errors() {
		return this.errors.sum();
	}

	String firstError() {
		return this.firstError.get();
	}

	Histogram latency() {
		return this.latency;
	}

}
