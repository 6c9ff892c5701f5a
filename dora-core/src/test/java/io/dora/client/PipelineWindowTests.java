package io.dora.client;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.dora.protocol.DoraCodes;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class PipelineWindowTests {

	@Test
	void fullWindowWithoutWaitRefusesWith100024NamingTheProperty() {
		PipelineWindow window = new PipelineWindow(2, Duration.ZERO);
		window.acquire();
		window.acquire();
		assertThat(window.inFlight()).isEqualTo(2);
		assertThatExceptionOfType(DoraClientException.class).isThrownBy(window::acquire).satisfies((ex) -> {
			assertThat(ex.getCode()).isEqualTo(DoraCodes.TOO_MANY_PENDING);
			assertThat(ex.getMessage()).contains("dora.client.pipeline.window").contains("not sent");
		});
		window.release();
		window.acquire();
		assertThat(window.inFlight()).isEqualTo(2);
	}

	@Test
	void fullWindowHoldsTheCallerUntilAPlaceIsGivenBack() throws Exception {
		PipelineWindow window = new PipelineWindow(1, Duration.ofMinutes(1));
		window.acquire();
		CountDownLatch waiting = new CountDownLatch(1);
		CompletableFuture<Void> second = CompletableFuture.runAsync(() -> {
			waiting.countDown();
			window.acquire();
		});
		assertThat(waiting.await(10, TimeUnit.SECONDS)).isTrue();
		assertThat(second).isNotDone();
		window.release();
		second.get(10, TimeUnit.SECONDS);
		assertThat(window.inFlight()).isEqualTo(1);
	}

	@Test
	void fullWindowRefusesOnceTheWaitIsOver() {
		PipelineWindow window = new PipelineWindow(1, Duration.ofMillis(20));
		window.acquire();
		long start = System.nanoTime();
		assertThatExceptionOfType(DoraClientException.class).isThrownBy(window::acquire)
			.satisfies((ex) -> assertThat(ex.getCode()).isEqualTo(DoraCodes.TOO_MANY_PENDING));
		assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(Duration.ofMillis(20).toNanos());
	}

	@Test
	void emptyWindowIsRejected() {
		assertThatIllegalArgumentException().isThrownBy(() -> new PipelineWindow(0, Duration.ZERO));
		assertThatIllegalArgumentException().isThrownBy(() -> new PipelineWindow(1, Duration.ofSeconds(-1)));
	}

}
