package io.dora.handler;

import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs the entries of one request that go to the business executor on as few of its threads as keep them moving.
 * Instead of one task per entry (a fan-out of n waking up to n idle workers for entries that take microseconds),
 * one task drains the entries in order, and a worker that starts an entry while no other task of this request is
 * free to take the next one first asks the executor for one more task, which takes what is left.
 * <p>
 * So while entries are waiting there is always a task that is not inside an entry: a slow or blocked entry holds
 * only its own worker, and the others go on without it, at the cost of one more worker per entry that is still
 * running when the next one is taken. Fast entries are drained by one or two workers.
 * <p>
 * If the executor refuses the first task, nothing runs and {@link #start()} says so; if it refuses a later one,
 * the tasks already running drain the rest, one after another.
 */
final class EntryDrain {

	private final Executor executor;

	private final List<Runnable> entries;

	/** The index of the next entry to take. */
	private final AtomicInteger next = new AtomicInteger();

	/** Tasks of this drain that are submitted or between entries: free to take the next entry. */
	private final AtomicInteger free = new AtomicInteger();

	/**
	 * @param executor the business executor
	 * @param entries the entries, each of which completes its own result and never throws
	 */
	EntryDrain(Executor executor, List<Runnable> entries) {
		this.executor = executor;
		this.entries = entries;
	}

	/**
	 * Hands the first task to the executor.
	 * @return whether the executor took it; when not, no entry has run or will run
	 */
	boolean start() {
		return submitTask();
	}

	private boolean submitTask() {
		this.free.incrementAndGet();
		try {
			this.executor.execute(this::drain);
			return true;
		}
		catch (RejectedExecutionException ex) {
			this.free.decrementAndGet();
			return false;
		}
	}

	private void drain() {
		int size = this.entries.size();
		while (true) {
			int index = this.next.getAndIncrement();
			if (index >= size) {
				this.free.decrementAndGet();
				return;
			}
			// This task is busy from now on: if no other one is free and entries are waiting, ask for another.
			if (this.free.decrementAndGet() == 0 && this.next.get() < size) {
				submitTask();
			}
			this.entries.get(index).run();
			// Only a task that comes back from its entry is free again: one that an entry threw out of (entries
			// should not throw) is gone, and counting it free would leave the waiting entries to nobody.
			this.free.incrementAndGet();
		}
	}

}
