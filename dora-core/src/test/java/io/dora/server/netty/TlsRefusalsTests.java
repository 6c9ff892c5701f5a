package io.dora.server.netty;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TlsRefusalsTests {

	private final AtomicLong now = new AtomicLong();

	private final TlsRefusals refusals = new TlsRefusals(this.now::get, Duration.ofSeconds(60));

	private static final InetSocketAddress PEER = new InetSocketAddress("10.0.0.1", 40000);

	@Test
	void logsOncePerPeerPerIntervalAndCountsEveryRefusal() {
		assertThat(this.refusals.refused(PEER, "no certificate")).isTrue();
		assertThat(this.refusals.refused(new InetSocketAddress("10.0.0.1", 40001), "no certificate")).isFalse();
		this.now.addAndGet(Duration.ofSeconds(59).toNanos());
		assertThat(this.refusals.refused(PEER, "no certificate")).isFalse();
		assertThat(this.refusals.refused(new InetSocketAddress("10.0.0.2", 40000), "no certificate")).isTrue();
		this.now.addAndGet(Duration.ofSeconds(1).toNanos());
		assertThat(this.refusals.refused(PEER, "no certificate")).isTrue();
		assertThat(this.refusals.count()).isEqualTo(5);
	}

	@Test
	void peersBeyondTheLimitAreCountedButNotLogged() {
		for (int i = 0; i < TlsRefusals.MAX_PEERS; i++) {
			this.refusals.refused(new InetSocketAddress("10." + (i >> 16) + "." + ((i >> 8) & 255) + "." + (i & 255), 1),
					"plain text");
		}
		assertThat(this.refusals.refused(new InetSocketAddress("11.0.0.1", 1), "plain text")).isFalse();
		this.now.addAndGet(Duration.ofSeconds(60).toNanos());
		assertThat(this.refusals.refused(new InetSocketAddress("11.0.0.1", 1), "plain text")).isTrue();
		assertThat(this.refusals.count()).isEqualTo(TlsRefusals.MAX_PEERS + 2);
	}

}
