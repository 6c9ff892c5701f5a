package io.dora.bench.core;

import java.util.concurrent.CompletableFuture;
import java.util.function.LongConsumer;

/**
 * What a peer's driver does for each call kind. Implementations use the peer's own idiomatic client API; the load
 * driver measures them all the same way. Methods a peer cannot serve throw {@link UnsupportedOperationException}
 * and the scenario is reported as not applicable.
 */
public interface BenchClient extends AutoCloseable {

	/** One synchronous call of the named operation ({@link Operation}); returns when its result is in. */
	Object call(Operation operation, long sequence);

	/**
	 * Calls the first {@code apis} of the ten {@code getUserN} APIs at once and waits for all: Dora's multi-API
	 * call, or the peer's parallel async calls joined.
	 */
	void fanOut(int apis, long id);

	/**
	 * Issues {@code calls} asynchronous getUser calls without waiting, then collects every result; reports each
	 * call's latency (issue to completion, in nanoseconds) to {@code latency}.
	 * @return the number of calls that failed
	 */
	default int asyncBatch(int calls, long firstId, LongConsumer latency) {
		CompletableFuture<?>[] futures = new CompletableFuture<?>[calls];
		for (int i = 0; i < calls; i++) {
			long start = System.nanoTime();
			futures[i] = getUserAsync(firstId + i).whenComplete((user, failure) -> {
				if (failure == null) {
					latency.accept(System.nanoTime() - start);
				}
			});
		}
		int failed = 0;
		for (CompletableFuture<?> future : futures) {
			try {
				future.join();
			}
			catch (RuntimeException ex) {
				failed++;
			}
		}
		return failed;
	}

	/**
	 * Like {@link #asyncBatch} with the peer's own "submit now, collect everything later" API where it has one
	 * (Dora's mode 2: {@code submit} then {@code collectAsyncResults}).
	 */
	default int collectBatch(int calls, long firstId, LongConsumer latency) {
		throw new UnsupportedOperationException("submit and collect later");
	}

	/** An asynchronous getUser call. */
	CompletableFuture<User> getUserAsync(long id);

	/** Fire-and-forget: hands one notify call to the peer and returns as soon as the peer's API allows. */
	void notifyOneWay(User user);

	/**
	 * Notify calls so far that the peer's API reported as failed after {@link #notifyOneWay} returned (a pipelined
	 * acknowledgement that failed): the caller was told, so they are not lost silently. Zero for peers that report
	 * nothing after returning.
	 */
	default long oneWayFailures() {
		return 0;
	}

	/** How many notify calls the server has received so far. */
	long notifiedOnServer();

	@Override
	default void close() throws Exception {
	}

}
