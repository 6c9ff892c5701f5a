package io.dora.test;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import io.netty.util.Timeout;
import io.netty.util.Timer;
import io.netty.util.TimerTask;

/**
 * A Netty {@link Timer} whose clock a test advances by hand, so timeouts fire exactly when the test says.
 */
public final class ManualTimer implements Timer {

	private final List<ManualTimeout> scheduled = new ArrayList<>();

	private long nowNanos;

	@Override
	public synchronized Timeout newTimeout(TimerTask task, long delay, TimeUnit unit) {
		ManualTimeout timeout = new ManualTimeout(task, this.nowNanos + unit.toNanos(delay));
		this.scheduled.add(timeout);
		return timeout;
	}

	/** Moves the clock forward and runs every task that is due, in order. */
	public void advance(long amount, TimeUnit unit) {
		List<ManualTimeout> due = new ArrayList<>();
		synchronized (this) {
			this.nowNanos += unit.toNanos(amount);
			for (ManualTimeout timeout : List.copyOf(this.scheduled)) {
				if (timeout.deadlineNanos <= this.nowNanos) {
					this.scheduled.remove(timeout);
					if (!timeout.cancelled) {
						due.add(timeout);
					}
				}
			}
		}
		due.sort((a, b) -> Long.compare(a.deadlineNanos, b.deadlineNanos));
		for (ManualTimeout timeout : due) {
			timeout.expired = true;
			try {
				timeout.task.run(timeout);
			}
			catch (Exception ex) {
				throw new IllegalStateException(ex);
			}
		}
	}

	/** Tasks scheduled and neither run nor cancelled. */
	public synchronized long pending() {
		return this.scheduled.stream().filter((timeout) -> !timeout.cancelled).count();
	}

	@Override
	public synchronized Set<Timeout> stop() {
		this.scheduled.clear();
		return Set.of();
	}

	private final class ManualTimeout implements Timeout {

		private final TimerTask task;

		private final long deadlineNanos;

		private volatile boolean cancelled;

		private volatile boolean expired;

		ManualTimeout(TimerTask task, long deadlineNanos) {
			this.task = task;
			this.deadlineNanos = deadlineNanos;
		}

		@Override
		public Timer timer() {
			return ManualTimer.this;
		}

		@Override
		public TimerTask task() {
			return this.task;
		}

		@Override
		public boolean isExpired() {
			return this.expired;
		}

		@Override
		public boolean isCancelled() {
			return this.cancelled;
		}

		@Override
		public boolean cancel() {
			if (this.expired || this.cancelled) {
				return false;
			}
			this.cancelled = true;
			return true;
		}

	}

}
