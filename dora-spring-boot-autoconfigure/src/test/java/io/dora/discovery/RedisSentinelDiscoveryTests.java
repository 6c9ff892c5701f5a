package io.dora.discovery;

import java.io.IOException;
import java.time.Duration;
import java.util.UUID;

import io.dora.test.Await;
import io.dora.test.RedisSentinel;
import io.dora.test.RedisServerProcess;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Discovery behind Redis Sentinel: a master, a replica and three Sentinels, real processes. The master is killed
 * while consumers call and providers heartbeat ({@link RedisFailoverScenario}); every application follows the new
 * master through Spring Data Redis ({@code spring.data.redis.sentinel.*}), Lettuce asking the Sentinels for the
 * master's address each time it reconnects (every 100 ms in the tests).
 */
class RedisSentinelDiscoveryTests {

	private final String prefix = "dora-test-" + UUID.randomUUID().toString().substring(0, 8);

	@Test
	void killingTheMasterLosesNoCallAndNoLiveProvider() throws Exception {
		// Longer than the scenario's TTL: the Sentinels fail the master over only after it was down this long.
		Duration downAfter = Duration.ofSeconds(3);
		assertThat(downAfter).isGreaterThan(RedisFailoverScenario.TTL);
		try (RedisSentinel sentinel = RedisSentinel.start(downAfter)) {
			RedisServerProcess master = sentinel.master();
			RedisServerProcess replica = sentinel.replica();
			RedisFailoverScenario.run(sentinel, this.prefix, "g1", Duration.ofMillis(100), master,
					new RedisFailoverScenario.Failover() {

						@Override
						public RedisServerProcess awaitSuccessor() {
							Await.until("the Sentinels promoted the replica", Duration.ofSeconds(30),
									() -> sentinel.currentMasterPort() == replica.port(), sentinel::describe);
							return replica;
						}

						@Override
						public void restartFormerMaster() throws IOException {
							sentinel.restartFormerMaster();
						}

					});
		}
	}

}
