package io.dora.security;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

import io.dora.protocol.DoraProtocolException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The rules a signature is judged by, apart from the bytes it covers: audiences, the replay memories and how the
 * default size of the local one is worked out.
 */
@ExtendWith(OutputCaptureExtension.class)
class SignatureCheckerTests {

	private static final byte[] SECRET = "checker-secret-0123456789".getBytes(StandardCharsets.UTF_8);

	private static final InetSocketAddress LOCAL = new InetSocketAddress("10.0.0.5", 9567);

	private final long now = 1_700_000_000_000L;

	@Test
	void aProviderAnswersToItsNamesAndToTheExactAddressARequestArrivedOn() {
		SignatureAudiences audiences = SignatureAudiences.of(List.of("orders", " billing ", ""));
		assertThat(audiences.accepts("orders", LOCAL)).isTrue();
		assertThat(audiences.accepts("billing", LOCAL)).isTrue();
		assertThat(audiences.accepts("10.0.0.5:9567", LOCAL)).isTrue();
		assertThat(audiences.accepts("10.0.0.6:9567", LOCAL)).isFalse();
		assertThat(audiences.accepts("10.0.0.5:9568", LOCAL)).isFalse();
		// A host name would need a DNS lookup per request: only literal addresses count.
		assertThat(audiences.accepts("provider-a:9567", LOCAL)).isFalse();
		assertThat(audiences.accepts("", LOCAL)).isFalse();
		assertThat(audiences.accepts("payments", LOCAL)).isFalse();
		InetSocketAddress ipv6 = new InetSocketAddress("::1", 9567);
		assertThat(audiences.accepts("[::1]:9567", ipv6)).isTrue();
		assertThat(audiences.accepts("[0:0:0:0:0:0:0:1]:9567", ipv6)).isTrue();
		assertThat(SignatureAudiences.endpoint(ipv6.getAddress(), 9567)).isEqualTo("[::1]:9567");
		assertThat(SignatureAudiences.ANY.accepts("anything", null)).isTrue();
	}

	@Test
	void theDefaultReplayCacheHoldsAPeakOfAThousandRequestsASecondForTwiceTheSkew() {
		assertThat(SignatureChecker.defaultReplayCacheSize(Duration.ofMinutes(1))).isEqualTo(120_000);
		assertThat(SignatureChecker.defaultReplayCacheSize(Duration.ofSeconds(30))).isEqualTo(60_000);
	}

	@Test
	void beyondItsSizeTheLocalMemoryForgetsTheOldestSignatures() {
		SignatureChecker checker = checker(2, null);
		byte[] first = check(checker, "first");
		check(checker, "second");
		assertThatExceptionOfType(DoraProtocolException.class).isThrownBy(() -> check(checker, "second"))
			.withMessageContaining("replay");
		check(checker, "third");
		// What SECURITY.md warns about: at rates beyond the size, an old signature may run again.
		assertThat(check(checker, "first")).isEqualTo(first);
	}

	@Test
	void theSharedMemoryRefusesWhatItHasSeen() {
		AtomicInteger asked = new AtomicInteger();
		SignatureChecker checker = checker(10, (mac, lifetime) -> {
			asked.incrementAndGet();
			assertThat(lifetime).isEqualTo(Duration.ofMinutes(2));
			return CompletableFuture.completedFuture(asked.get() == 1);
		});
		byte[] mac = check(checker, "shared");
		assertThat(checker.checkShared(mac)).isCompleted();
		assertThat(checker.checkShared(mac)).isCompletedExceptionally();
		assertThat(asked).hasValue(2);
	}

	@Test
	void whenTheSharedMemoryCannotBeAskedTheLocalOneDecidesAndTheOutageIsLoggedOnce(CapturedOutput output) {
		SignatureChecker checker = checker(10,
				(mac, lifetime) -> CompletableFuture.failedFuture(new IllegalStateException("redis down")));
		assertThat(checker.checkShared(check(checker, "one"))).isCompleted();
		assertThat(checker.checkShared(check(checker, "two"))).isCompleted();
		assertThat(output.getOut().lines().filter((line) -> line.contains("shared replay memory cannot be reached")))
			.singleElement()
			.satisfies((line) -> assertThat(line).contains("WARN").contains("redis down"));
	}

	@Test
	void aSharedMemoryThatDoesNotAnswerWithinASecondCountsAsUnreachable() {
		SignatureChecker checker = checker(10, (mac, lifetime) -> new CompletableFuture<>());
		CompletableFuture<Void> shared = checker.checkShared(check(checker, "slow"));
		assertThat(shared).succeedsWithin(SignatureChecker.SHARED_MEMORY_TIMEOUT.plusSeconds(5));
	}

	private SignatureChecker checker(int size, SharedReplayMemory shared) {
		return new SignatureChecker(Map.of("k", SECRET), Duration.ofMinutes(1), size,
				SignatureAudiences.of(List.of("orders")), shared, () -> this.now);
	}

	/** Checks a request signed for "orders" whose content is {@code text}; returns its MAC. */
	private byte[] check(SignatureChecker checker, String text) {
		byte[] mac = SignatureChecker.sign(SECRET, (hmac) -> SignatureChecker.update(hmac, text));
		checker.check("k", "orders", this.now, mac, LOCAL, (hmac) -> SignatureChecker.update(hmac, text));
		return mac;
	}

}
