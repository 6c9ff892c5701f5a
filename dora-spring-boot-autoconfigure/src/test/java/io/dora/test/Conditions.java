package io.dora.test;

import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Waits for a state that another thread or process brings about, polling briefly; for states that offer no latch
 * or future to wait on (a counter reaching a value, a remote view changing).
 */
public final class Conditions {

	private Conditions() {
	}

	/** Waits up to 10 seconds for the condition. */
	public static void await(BooleanSupplier condition) throws InterruptedException {
		await(condition, 10);
	}

	public static void await(BooleanSupplier condition, int seconds) throws InterruptedException {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
		while (!condition.getAsBoolean()) {
			if (System.nanoTime() > deadline) {
				throw new AssertionError("condition not met within " + seconds + " s");
			}
			Thread.sleep(5);
		}
	}

}
