package io.dora.test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

import io.dora.DoraException;

/**
 * Calls made in a loop by a few threads while a test breaks something, each outcome kept with its start and end
 * time, so that the test can say which calls failed, when, and with what code.
 */
public final class CallLoad implements AutoCloseable {

	private final Queue<Outcome> outcomes = new ConcurrentLinkedQueue<>();

	private final AtomicBoolean stop = new AtomicBoolean();

	private final ExecutorService callers;

	private CallLoad(int threads, Supplier<String> call) {
		this.callers = Executors.newFixedThreadPool(threads);
		for (int i = 0; i < threads; i++) {
			this.callers.submit(() -> {
				while (!this.stop.get()) {
					this.outcomes.add(Outcome.of(call));
				}
			});
		}
	}

	/** Starts {@code threads} threads, each making one call after the other until {@link #close()}. */
	public static CallLoad start(int threads, Supplier<String> call) {
		return new CallLoad(threads, call);
	}

	/** Waits until {@code count} more calls have finished. */
	public void awaitMoreCalls(int count) {
		int target = this.outcomes.size() + count;
		Await.until(count + " more calls", Duration.ofSeconds(30), () -> this.outcomes.size() >= target);
	}

	/** Every outcome so far. */
	public List<Outcome> outcomes() {
		return new ArrayList<>(this.outcomes);
	}

	/** The calls that failed so far. */
	public List<Outcome> failures() {
		return this.outcomes.stream().filter((outcome) -> outcome.answer() == null).toList();
	}

	/** Stops the callers and waits for their last calls. */
	@Override
	public void close() throws InterruptedException {
		this.stop.set(true);
		this.callers.shutdown();
		if (!this.callers.awaitTermination(60, TimeUnit.SECONDS)) {
			throw new IllegalStateException("Callers still running after 60 s");
		}
	}

	/**
	 * One call.
	 *
	 * @param startNanos when it started ({@link System#nanoTime()})
	 * @param endNanos when it ended
	 * @param answer what it returned, or {@code null} when it failed
	 * @param code the Dora code it failed with, 0 when it succeeded, -1 for anything but a {@link DoraException}
	 * @param failure the failure, or {@code null}
	 */
	public record Outcome(long startNanos, long endNanos, String answer, int code, String failure) {

		static Outcome of(Supplier<String> call) {
			long start = System.nanoTime();
			try {
				String answer = call.get();
				return new Outcome(start, System.nanoTime(), answer, 0, null);
			}
			catch (DoraException ex) {
				return new Outcome(start, System.nanoTime(), null, ex.getCode(), ex.toString());
			}
			catch (RuntimeException ex) {
				return new Outcome(start, System.nanoTime(), null, -1, ex.toString());
			}
		}

		public Duration elapsed() {
			return Duration.ofNanos(this.endNanos - this.startNanos);
		}

	}

}
