package io.dora.handler;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A request's entries on the business executor: fast ones are drained by a couple of tasks instead of one each,
 * and slow ones do not hold up the others.
 */
class EntryDrainTests {

	private final Queue<Runnable> tasks = new ArrayDeque<>();

	private final AtomicInteger submitted = new AtomicInteger();

	private final ExecutorService pool = Executors.newFixedThreadPool(4);

	@AfterEach
	void stopPool() throws InterruptedException {
		this.pool.shutdownNow();
		assertThat(this.pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
	}

	@Test
	void fastEntriesOfAFanOutOfTenTakeTwoTasksInsteadOfTen() {
		List<Integer> ran = new ArrayList<>();
		assertThat(new EntryDrain(this::queue, entries(10, ran::add)).start()).isTrue();
		runQueuedTasks();
		assertThat(ran).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
		// One task drains them; one more was asked for when the first became busy, and finds nothing left.
		assertThat(this.submitted).hasValue(2);
	}

	@Test
	void singleEntryTakesOneTask() {
		List<Integer> ran = new ArrayList<>();
		assertThat(new EntryDrain(this::queue, entries(1, ran::add)).start()).isTrue();
		runQueuedTasks();
		assertThat(ran).containsExactly(0);
		assertThat(this.submitted).hasValue(1);
	}

	@Test
	void blockedEntryDoesNotDelayTheOthers() throws InterruptedException {
		CountDownLatch others = new CountDownLatch(9);
		CountDownLatch release = new CountDownLatch(1);
		List<Runnable> entries = new ArrayList<>();
		entries.add(() -> await(release));
		for (int i = 1; i < 10; i++) {
			entries.add(others::countDown);
		}
		assertThat(new EntryDrain(this.pool, entries).start()).isTrue();
		// The first entry is still blocked: the others ran on other workers without it.
		assertThat(others.await(10, TimeUnit.SECONDS)).isTrue();
		release.countDown();
	}

	@Test
	void entriesBlockedOneAfterAnotherEachGetAWorkerAndTheRestStillRun() throws InterruptedException {
		CountDownLatch blockedStarted = new CountDownLatch(3);
		CountDownLatch others = new CountDownLatch(5);
		CountDownLatch release = new CountDownLatch(1);
		Set<String> threads = ConcurrentHashMap.newKeySet();
		List<Runnable> entries = new ArrayList<>();
		for (int i = 0; i < 3; i++) {
			entries.add(() -> {
				threads.add(Thread.currentThread().getName());
				blockedStarted.countDown();
				await(release);
			});
		}
		for (int i = 0; i < 5; i++) {
			entries.add(others::countDown);
		}
		assertThat(new EntryDrain(this.pool, entries).start()).isTrue();
		assertThat(blockedStarted.await(10, TimeUnit.SECONDS)).isTrue();
		assertThat(others.await(10, TimeUnit.SECONDS)).isTrue();
		assertThat(threads).hasSize(3);
		release.countDown();
	}

	@Test
	void executorThatRefusesTheFirstTaskRunsNothing() {
		AtomicInteger ran = new AtomicInteger();
		EntryDrain drain = new EntryDrain((task) -> {
			throw new RejectedExecutionException("full");
		}, entries(3, (index) -> ran.incrementAndGet()));
		assertThat(drain.start()).isFalse();
		assertThat(ran).hasValue(0);
	}

	@Test
	void executorThatRefusesLaterTasksLeavesTheRunningTaskToDrainEverything() {
		List<Integer> ran = new ArrayList<>();
		EntryDrain drain = new EntryDrain((task) -> {
			if (this.submitted.get() > 0) {
				throw new RejectedExecutionException("full");
			}
			queue(task);
		}, entries(5, ran::add));
		assertThat(drain.start()).isTrue();
		runQueuedTasks();
		assertThat(ran).containsExactly(0, 1, 2, 3, 4);
	}

	@Test
	void taskThatAnEntryThrowsOutOfIsNotCountedFree() {
		List<Integer> ran = new ArrayList<>();
		List<Integer> queuedDuringSecondEntry = new ArrayList<>();
		List<Runnable> entries = List.of(() -> {
			throw new IllegalStateException("broken entry");
		}, () -> {
			queuedDuringSecondEntry.add(this.tasks.size());
			ran.add(1);
		}, () -> ran.add(2));
		assertThat(new EntryDrain(this::queue, entries).start()).isTrue();
		List<Throwable> thrown = new ArrayList<>();
		Runnable task;
		while ((task = this.tasks.poll()) != null) {
			try {
				task.run();
			}
			catch (IllegalStateException ex) {
				thrown.add(ex);
			}
		}
		assertThat(thrown).hasSize(1);
		assertThat(ran).containsExactly(1, 2);
		// While the second entry ran, a task was waiting to take the third, had the second been slow.
		assertThat(queuedDuringSecondEntry).containsExactly(1);
	}

	private void queue(Runnable task) {
		this.submitted.incrementAndGet();
		this.tasks.add(task);
	}

	private void runQueuedTasks() {
		Runnable task;
		while ((task = this.tasks.poll()) != null) {
			task.run();
		}
	}

	private static List<Runnable> entries(int count, java.util.function.IntConsumer entry) {
		List<Runnable> entries = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			int index = i;
			entries.add(() -> entry.accept(index));
		}
		return entries;
	}

	private static void await(CountDownLatch latch) {
		try {
			latch.await(30, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
