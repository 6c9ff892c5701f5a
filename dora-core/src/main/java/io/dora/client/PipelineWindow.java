package io.dora.client;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import io.dora.protocol.DoraCodes;

/**
 * The bounded window of pipelined calls ({@code sendAsync}, {@code submitAsync}) whose acknowledgement has not
 * arrived yet, shared by a {@link DoraTemplate} and all its views: one client, whatever connection or provider the
 * calls go to. A call takes a place before it is sent and gives it back when its acknowledgement (or its failure)
 * arrives, so a caller faster than its providers cannot pile up calls without end. When the window is full, the
 * caller waits up to {@code wait} for a place, then the call is refused unsent with 100024. Blocking calls do not
 * take a place: each holds its own thread.
 */
public final class PipelineWindow {

	private final int size;

	private final Duration wait;

	private final Semaphore places;

	/**
	 * @param size most calls awaiting their acknowledgement at once
	 * @param wait time a caller waits for a place when the window is full; zero refuses at once
	 */
	public PipelineWindow(int size, Duration wait) {
		if (size < 1) {
			throw new IllegalArgumentException("the pipeline window must hold at least one call, not " + size);
		}
		if (wait.isNegative()) {
			throw new IllegalArgumentException("the pipeline window wait must not be negative: " + wait);
		}
		this.size = size;
		this.wait = wait;
		this.places = new Semaphore(size);
	}

	/**
	 * Takes a place for one call, waiting up to the configured time when none is free.
	 * @throws DoraClientException with 100024 when no place came free in time, or the wait was interrupted
	 */
	void acquire() {
		if (this.places.tryAcquire()) {
			return;
		}
		try {
			if (this.wait.isZero() || !this.places.tryAcquire(this.wait.toNanos(), TimeUnit.NANOSECONDS)) {
				throw full("stayed full for " + this.wait);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw full("was full and the wait was interrupted");
		}
	}

	private DoraClientException full(String what) {
		return new DoraClientException(DoraCodes.TOO_MANY_PENDING, "the pipeline window of " + this.size
				+ " unacknowledged calls (dora.client.pipeline.window) " + what + "; the call was not sent");
	}

	/** Gives back the place of a call whose acknowledgement or failure arrived. */
	void release() {
		this.places.release();
	}

	/** Calls awaiting their acknowledgement. */
	public int inFlight() {
		return this.size - this.places.availablePermits();
	}

	public int size() {
		return this.size;
	}

}
