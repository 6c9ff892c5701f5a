package io.dora.handler;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import io.dora.test.Await;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link InFlightLimiter}: admission all or nothing, and shutdown's wait for the last execution, which is woken by
 * the release that brings the count to zero.
 */
class InFlightLimiterTests {

	private final InFlightLimiter limiter = new InFlightLimiter(3);

	@Test
	void admitsAllOrNothing() {
		assertThat(this.limiter.tryAcquire(2)).isTrue();
		assertThat(this.limiter.tryAcquire(2)).isFalse();
		assertThat(this.limiter.inFlight()).isEqualTo(2);
		assertThat(this.limiter.tryAcquire(1)).isTrue();
		this.limiter.release(3);
		assertThat(this.limiter.inFlight()).isZero();
	}

	@Test
	void aWaiterIsWokenByTheReleaseOfTheLastExecution() throws Exception {
		assertThat(this.limiter.tryAcquire(2)).isTrue();
		AtomicReference<Thread> waiter = new AtomicReference<>();
		CompletableFuture<Boolean> idle = CompletableFuture.supplyAsync(() -> {
			waiter.set(Thread.currentThread());
			return awaitIdle(Duration.ofMinutes(1));
		});
		Await.until("the waiter waiting",
				() -> waiter.get() != null && waiter.get().getState() == Thread.State.TIMED_WAITING);
		this.limiter.release(1);
		assertThat(idle).isNotDone();
		this.limiter.release(1);
		// Woken by the release: the wait itself would last a minute.
		assertThat(idle.get(30, TimeUnit.SECONDS)).isTrue();
	}

	@Test
	void idleLimiterNeedsNoWaitAndABusyOneGivesUpAtTheTimeout() {
		assertThat(awaitIdle(Duration.ZERO)).isTrue();
		assertThat(this.limiter.tryAcquire(1)).isTrue();
		assertThat(awaitIdle(Duration.ofMillis(20))).isFalse();
	}

	private boolean awaitIdle(Duration timeout) {
		try {
			return this.limiter.awaitIdle(timeout);
		}
		catch (InterruptedException ex) {
			throw new CompletionException(ex);
		}
	}

}
