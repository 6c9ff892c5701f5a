package io.dora.client;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

import io.dora.client.connection.DoraClientStats;
import io.dora.protocol.DoraCodes;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The client's store of mode-2 results, on a clock the test moves.
 */
class AsyncResultStoreTests {

	private final AtomicLong now = new AtomicLong();

	private final DoraClientStats stats = new DoraClientStats();

	private final AsyncResultStore store = new AsyncResultStore(3, Duration.ofMinutes(5), this.stats, this.now::get);

	@Test
	void collectReturnsEveryArrivedResultInSubmissionOrderAndForgetsThem() {
		List<CompletableFuture<DoraResponse>> calls = track(3);
		calls.get(2).complete(ok("g2"));
		calls.get(0).complete(ok("g0"));
		calls.get(1).complete(ok("g1"));
		Map<String, DoraResponse> collected = this.store.collect(Duration.ZERO);
		assertThat(collected.keySet()).containsExactly("g0", "g1", "g2");
		assertThat(this.store.outstanding()).isZero();
		assertThat(this.store.collect(Duration.ZERO)).isEmpty();
	}

	@Test
	void resultNotYetArrivedIsReportedAsTimedOutAndStaysOutstanding() {
		List<CompletableFuture<DoraResponse>> calls = track(2);
		calls.get(0).complete(ok("g0"));
		Map<String, DoraResponse> first = this.store.collect(Duration.ZERO);
		assertThat(first.get("g0").getCode()).isZero();
		assertThat(first.get("g1").getCode()).isEqualTo(DoraCodes.TIMEOUT);
		assertThat(this.store.outstanding()).isEqualTo(1);
		calls.get(1).complete(ok("g1"));
		assertThat(this.store.collect(Duration.ZERO).get("g1").getCode()).isZero();
	}

	@Test
	void outstandingCallsAreNeverEvictedOnlyArrivedResults() {
		List<CompletableFuture<DoraResponse>> calls = track(10);
		assertThat(this.store.outstanding()).isEqualTo(10);
		this.now.addAndGet(Duration.ofHours(1).toNanos());
		assertThat(this.store.collect(Duration.ZERO)).hasSize(10);
		assertThat(this.stats.evictedResults()).isZero();
		calls.forEach((call) -> call.complete(ok("late")));
		assertThat(this.store.uncollected()).isEqualTo(3);
	}

	@Test
	void beyondTheBoundTheOldestArrivedResultsAreEvictedAndCounted() {
		List<CompletableFuture<DoraResponse>> calls = track(5);
		for (int i = 4; i >= 0; i--) {
			calls.get(i).complete(ok("g" + i));
			this.now.incrementAndGet();
		}
		assertThat(this.store.uncollected()).isEqualTo(3);
		assertThat(this.stats.evictedResults()).isEqualTo(2);
		// g4 and g3 arrived first.
		assertThat(this.store.collect(Duration.ZERO).keySet()).containsExactly("g0", "g1", "g2");
	}

	@Test
	void resultsNotCollectedWithinTheMaximumAgeAreEvictedAndCounted() {
		List<CompletableFuture<DoraResponse>> calls = track(2);
		calls.get(0).complete(ok("g0"));
		this.now.addAndGet(Duration.ofMinutes(5).toNanos());
		calls.get(1).complete(ok("g1"));
		this.now.incrementAndGet();
		assertThat(this.store.collect(Duration.ZERO).keySet()).containsExactly("g1");
		assertThat(this.stats.evictedResults()).isEqualTo(1);
	}

	@Test
	void resultTakenThroughItsHandleLeavesTheStore() {
		List<CompletableFuture<DoraResponse>> calls = track(2);
		calls.get(0).complete(ok("g0"));
		this.store.remove("g0");
		assertThat(this.store.uncollected()).isZero();
		assertThat(this.store.outstanding()).isEqualTo(1);
	}

	@Test
	void clearForgetsEverything() {
		List<CompletableFuture<DoraResponse>> calls = track(2);
		calls.get(0).complete(ok("g0"));
		this.store.clear();
		calls.get(1).complete(ok("g1"));
		assertThat(this.store.outstanding()).isZero();
		assertThat(this.store.uncollected()).isZero();
		assertThat(this.store.collect(Duration.ZERO)).isEmpty();
	}

	private List<CompletableFuture<DoraResponse>> track(int count) {
		List<CompletableFuture<DoraResponse>> calls = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			CompletableFuture<DoraResponse> call = new CompletableFuture<>();
			this.store.track("g" + i, call);
			calls.add(call);
		}
		return calls;
	}

	private static DoraResponse ok(String guid) {
		return new DoraResponse(guid, DoraCodes.OK, "ok", null, null);
	}

}
