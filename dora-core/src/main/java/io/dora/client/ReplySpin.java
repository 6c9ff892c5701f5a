package io.dora.client;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Lets a sync caller spin briefly on its reply before it parks, but only while it is the only caller of its
 * template waiting. A lone caller's reply then finds it running instead of having to wake it up (a futex wake-up
 * and a scheduling delay, tens of microseconds on a virtual machine's idle vCPU); as soon as a second caller waits,
 * nobody spins, so concurrent callers never burn a core waiting. Off (a zero duration) unless configured.
 */
final class ReplySpin {

	private final AtomicInteger waiting = new AtomicInteger();

	private final long spinNanos;

	/** @param spin the longest a lone caller spins; zero or negative never spins */
	ReplySpin(Duration spin) {
		this.spinNanos = Math.max(0, spin.toNanos());
	}

	boolean isEnabled() {
		return this.spinNanos > 0;
	}

	/** Callers waiting now, spinning or parked. */
	int waiting() {
		return this.waiting.get();
	}

	/** Waits for {@code future} as {@link DoraTemplate#await(CompletableFuture)} does, spinning first when alone. */
	<T> T await(CompletableFuture<T> future) {
		if (this.spinNanos == 0 || future.isDone()) {
			return DoraTemplate.await(future);
		}
		try {
			if (this.waiting.incrementAndGet() == 1) {
				spin(future);
			}
			return DoraTemplate.await(future);
		}
		finally {
			this.waiting.decrementAndGet();
		}
	}

	private void spin(CompletableFuture<?> future) {
		long start = System.nanoTime();
		while (!future.isDone() && System.nanoTime() - start < this.spinNanos && this.waiting.get() == 1) {
			Thread.onSpinWait();
		}
	}

}
