package io.dora.handler;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

import io.dora.protocol.DoraCodes;
import io.dora.protocol.Guid;
import io.dora.protocol.ResponseEnvelope;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The provider's memory of deduplicated calls, on a clock the test moves.
 */
class RecentCallCacheTests {

	private final AtomicLong now = new AtomicLong();

	private final RecentCallCache cache = new RecentCallCache(3, Duration.ofSeconds(60), this.now::get);

	@Test
	void firstClaimExecutesAndARepeatGetsTheFirstOutcome() {
		Guid guid = Guid.random();
		RecentCallCache.Claim claim = new RecentCallCache.Claim();
		assertThat(this.cache.claim(guid, claim)).isNull();
		CompletableFuture<ResponseEnvelope<?>> repeat = this.cache.claim(guid, new RecentCallCache.Claim());
		assertThat(repeat).isNotNull().isNotDone();
		ResponseEnvelope<String> outcome = ResponseEnvelope.ok(guid.toString(), "done");
		claim.complete(outcome);
		assertThat(repeat).isCompletedWithValue(outcome);
	}

	@Test
	void forgottenClaimIsExecutedAgain() {
		Guid guid = Guid.random();
		RecentCallCache.Claim claim = new RecentCallCache.Claim();
		this.cache.claim(guid, claim);
		this.cache.forget(guid);
		claim.complete(ResponseEnvelope.status(guid.toString(), DoraCodes.SERVER_BUSY, "busy"));
		assertThat(this.cache.claim(guid, new RecentCallCache.Claim())).isNull();
		assertThat(this.cache.size()).isEqualTo(1);
	}

	@Test
	void outcomesAreForgottenAfterTheWindow() {
		Guid guid = Guid.random();
		this.cache.claim(guid, new RecentCallCache.Claim());
		this.now.addAndGet(Duration.ofSeconds(60).toNanos());
		assertThat(this.cache.claim(guid, new RecentCallCache.Claim())).isNotNull();
		this.now.incrementAndGet();
		assertThat(this.cache.claim(guid, new RecentCallCache.Claim())).isNull();
	}

	@Test
	void beyondTheBoundTheOldestAreForgottenFirstAndARepeatForgetsNothing() {
		List<Guid> guids = new ArrayList<>();
		for (int i = 0; i < 10; i++) {
			Guid guid = Guid.random();
			guids.add(guid);
			assertThat(this.cache.claim(guid, new RecentCallCache.Claim())).isNull();
			this.now.incrementAndGet();
		}
		// The last three are remembered, and asking for the oldest of them first forgets none of the others.
		for (Guid kept : guids.subList(7, 10)) {
			assertThat(this.cache.claim(kept, new RecentCallCache.Claim())).as("recent claim").isNotNull();
		}
		assertThat(this.cache.size()).isEqualTo(3);
	}

}
