package io.dora.test;

import java.util.Set;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import io.netty.util.Timeout;
import io.netty.util.Timer;
import io.netty.util.TimerTask;

/**
 * A Netty {@link Timer} whose clock a test advances by hand, so timeouts fire exactly when the test says: a
 * {@link ManualScheduler} seen through Netty's interface.
 */
public final class ManualTimer implements Timer {

	private final ManualScheduler scheduler = new ManualScheduler();

	@Override
	public Timeout newTimeout(TimerTask task, long delay, TimeUnit unit) {
		ManualTimeout timeout = new ManualTimeout(task);
		timeout.scheduled = this.scheduler.schedule(timeout::run, delay, unit);
		return timeout;
	}

	/** Moves the clock forward and runs every task that is due and not cancelled. */
	public void advance(long amount, TimeUnit unit) {
		this.scheduler.advance(amount, unit);
	}

	/** Tasks scheduled and neither run nor cancelled. */
	public long pending() {
		return this.scheduler.waiting();
	}

	@Override
	public Set<Timeout> stop() {
		return Set.of();
	}

	private final class ManualTimeout implements Timeout {

		private final TimerTask task;

		private volatile ScheduledFuture<?> scheduled;

		private volatile boolean expired;

		ManualTimeout(TimerTask task) {
			this.task = task;
		}

		void run() {
			this.expired = true;
			try {
				this.task.run(this);
			}
			catch (Exception ex) {
				throw new IllegalStateException(ex);
			}
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
			return this.scheduled.isCancelled();
		}

		@Override
		public boolean cancel() {
			return !this.expired && this.scheduled.cancel(false);
		}

	}

}
