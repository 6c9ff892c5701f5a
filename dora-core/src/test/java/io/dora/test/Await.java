package io.dora.test;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Polls a condition until it holds: tests wait for what they need, never for a fixed time.
 */
public final class Await {

	private Await() {
	}

	/** Waits up to 20 s. */
	public static void until(String description, BooleanSupplier condition) {
		until(description, Duration.ofSeconds(20), condition);
	}

	/** Waits up to 20 s. */
	public static void until(String description, BooleanSupplier condition, Supplier<String> state) {
		until(description, Duration.ofSeconds(20), condition, state);
	}

	public static void until(String description, Duration timeout, BooleanSupplier condition) {
		until(description, timeout, condition, () -> "");
	}

	/**
	 * @param state what to add to the failure message, such as the last value seen
	 */
	public static void until(String description, Duration timeout, BooleanSupplier condition, Supplier<String> state) {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (!condition.getAsBoolean()) {
			if (System.nanoTime() - deadline > 0) {
				throw new AssertionError("Not true within " + timeout + ": " + description + " " + state.get());
			}
			try {
				Thread.sleep(10);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new AssertionError("Interrupted while waiting for: " + description);
			}
		}
	}

}
