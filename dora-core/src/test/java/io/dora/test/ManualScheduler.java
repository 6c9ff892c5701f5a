package io.dora.test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.Callable;
import java.util.concurrent.Delayed;
import java.util.concurrent.FutureTask;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A {@link ScheduledExecutorService} that runs one-shot tasks only when a test advances its clock. Periodic
 * scheduling and plain execution are not supported.
 */
public final class ManualScheduler extends AbstractExecutorService implements ScheduledExecutorService {

	private final List<Task> tasks = new ArrayList<>();

	private long nowNanos;

	@Override
	public synchronized ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
		Task task = new Task(command, this.nowNanos + unit.toNanos(delay));
		this.tasks.add(task);
		return task;
	}

	/** Moves the clock forward and runs every task that is due and not cancelled, earliest first. */
	public void advance(long amount, TimeUnit unit) {
		List<Task> due = new ArrayList<>();
		synchronized (this) {
			this.nowNanos += unit.toNanos(amount);
			for (Task task : List.copyOf(this.tasks)) {
				if (task.deadlineNanos <= this.nowNanos) {
					this.tasks.remove(task);
					due.add(task);
				}
			}
		}
		due.sort((a, b) -> Long.compare(a.deadlineNanos, b.deadlineNanos));
		due.forEach(Task::run);
	}

	/** Tasks waiting for their time and not cancelled. */
	public synchronized long waiting() {
		return this.tasks.stream().filter((task) -> !task.isCancelled()).count();
	}

	@Override
	public <V> ScheduledFuture<V> schedule(Callable<V> callable, long delay, TimeUnit unit) {
		throw new UnsupportedOperationException();
	}

	@Override
	public ScheduledFuture<?> scheduleAtFixedRate(Runnable command, long initialDelay, long period, TimeUnit unit) {
		throw new UnsupportedOperationException();
	}

	@Override
	public ScheduledFuture<?> scheduleWithFixedDelay(Runnable command, long initialDelay, long delay,
			TimeUnit unit) {
		throw new UnsupportedOperationException();
	}

	@Override
	public void execute(Runnable command) {
		throw new UnsupportedOperationException();
	}

	@Override
	public void shutdown() {
	}

	@Override
	public List<Runnable> shutdownNow() {
		return List.of();
	}

	@Override
	public boolean isShutdown() {
		return false;
	}

	@Override
	public boolean isTerminated() {
		return false;
	}

	@Override
	public boolean awaitTermination(long timeout, TimeUnit unit) {
		return true;
	}

	private final class Task extends FutureTask<Object> implements ScheduledFuture<Object> {

		private final long deadlineNanos;

		Task(Runnable command, long deadlineNanos) {
			super(command, null);
			this.deadlineNanos = deadlineNanos;
		}

		@Override
		public long getDelay(TimeUnit unit) {
			synchronized (ManualScheduler.this) {
				return unit.convert(this.deadlineNanos - ManualScheduler.this.nowNanos, TimeUnit.NANOSECONDS);
			}
		}

		@Override
		public int compareTo(Delayed other) {
			return Long.compare(getDelay(TimeUnit.NANOSECONDS), other.getDelay(TimeUnit.NANOSECONDS));
		}

	}

}
