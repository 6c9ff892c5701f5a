package io.dora.handler;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Bounds the API executions admitted at once (running or queued) and lets shutdown wait until they are done.
 * Admission never blocks: a caller that does not fit is told at once.
 */
public class InFlightLimiter {

	private final int limit;

	private final AtomicInteger inFlight = new AtomicInteger();

	private final Object idle = new Object();

	/** Threads in {@link #awaitIdle}: only they need waking when the count reaches zero. */
	private final AtomicInteger awaiting = new AtomicInteger();

	public InFlightLimiter(int limit) {
		if (limit < 1) {
			throw new IllegalArgumentException("limit must be positive");
		}
		this.limit = limit;
	}

	/** Admits {@code count} executions if they all fit, else none. */
	public boolean tryAcquire(int count) {
		while (true) {
			int current = this.inFlight.get();
			if (current + count > this.limit) {
				return false;
			}
			if (this.inFlight.compareAndSet(current, current + count)) {
				return true;
			}
		}
	}

	public void release(int count) {
		// A lone caller brings the count to zero with nearly every call: no monitor then unless someone waits.
		// Either this thread sees the waiter's registration or the waiter sees the zero, as both are volatile.
		if (this.inFlight.addAndGet(-count) == 0 && this.awaiting.get() > 0) {
			synchronized (this.idle) {
				this.idle.notifyAll();
			}
		}
	}

	public int inFlight() {
		return this.inFlight.get();
	}

	public int limit() {
		return this.limit;
	}

	/**
	 * Waits until nothing is in flight.
	 * @return whether that happened within {@code timeout}
	 */
	public boolean awaitIdle(Duration timeout) throws InterruptedException {
		long deadline = System.nanoTime() + timeout.toNanos();
		this.awaiting.incrementAndGet();
		try {
			synchronized (this.idle) {
				while (this.inFlight.get() > 0) {
					long left = deadline - System.nanoTime();
					if (left <= 0) {
						return false;
					}
					this.idle.wait(Math.max(1, left / 1_000_000));
				}
				return true;
			}
		}
		finally {
			this.awaiting.decrementAndGet();
		}
	}

}
