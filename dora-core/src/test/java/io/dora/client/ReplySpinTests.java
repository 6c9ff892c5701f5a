package io.dora.client;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.dora.DoraException;
import io.dora.protocol.DoraCodes;
import io.dora.test.Await;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * A lone sync caller spins for its reply; as soon as a second one waits, both park, so concurrent callers never
 * burn a core waiting.
 */
class ReplySpinTests {

	/** Long enough that a caller still spinning when the test looks can only be spinning. */
	private final ReplySpin spin = new ReplySpin(Duration.ofMinutes(5));

	@Test
	void loneCallerSpinsAndASecondCallerMakesBothPark() throws Exception {
		CompletableFuture<String> first = new CompletableFuture<>();
		CompletableFuture<String> second = new CompletableFuture<>();
		CompletableFuture<String> firstResult = waitIn("first", first);
		Await.until("the first caller waits", () -> this.spin.waiting() == 1);
		assertThat(stateOf("first")).isEqualTo(Thread.State.RUNNABLE);
		CompletableFuture<String> secondResult = waitIn("second", second);
		Await.until("both callers park", () -> stateOf("first") == Thread.State.WAITING
				&& stateOf("second") == Thread.State.WAITING);
		first.complete("one");
		second.complete("two");
		assertThat(firstResult.get(10, TimeUnit.SECONDS)).isEqualTo("one");
		assertThat(secondResult.get(10, TimeUnit.SECONDS)).isEqualTo("two");
		assertThat(this.spin.waiting()).isZero();
	}

	@Test
	void spinningCallerGetsAReplyCompletedByAnotherThread() throws Exception {
		CompletableFuture<String> reply = new CompletableFuture<>();
		CompletableFuture<String> result = waitIn("lone", reply);
		Await.until("the caller waits", () -> this.spin.waiting() == 1);
		reply.complete("done");
		assertThat(result.get(10, TimeUnit.SECONDS)).isEqualTo("done");
	}

	@Test
	void failureIsTheDoraExceptionAParkedCallerGets() {
		CompletableFuture<String> reply = CompletableFuture
			.failedFuture(new DoraClientException(DoraCodes.TIMEOUT, "no reply"));
		assertThatExceptionOfType(DoraException.class).isThrownBy(() -> this.spin.await(reply))
			.satisfies((ex) -> assertThat(ex.getCode()).isEqualTo(DoraCodes.TIMEOUT));
	}

	@Test
	void zeroDurationNeverSpins() {
		assertThat(new ReplySpin(Duration.ZERO).isEnabled()).isFalse();
		assertThat(new ReplySpin(Duration.ofMillis(-1)).isEnabled()).isFalse();
	}

	private CompletableFuture<String> waitIn(String name, CompletableFuture<String> reply) {
		CompletableFuture<String> result = new CompletableFuture<>();
		Thread thread = new Thread(() -> {
			try {
				result.complete(this.spin.await(reply));
			}
			catch (RuntimeException ex) {
				result.completeExceptionally(ex);
			}
		}, threadName(name));
		thread.start();
		return result;
	}

	private String threadName(String name) {
		return "reply-spin-" + name + "-" + System.identityHashCode(this);
	}

	private Thread.State stateOf(String name) {
		return Thread.getAllStackTraces()
			.keySet()
			.stream()
			.filter((thread) -> thread.getName().equals(threadName(name)))
			.findFirst()
			.map(Thread::getState)
			.orElse(Thread.State.TERMINATED);
	}

}
