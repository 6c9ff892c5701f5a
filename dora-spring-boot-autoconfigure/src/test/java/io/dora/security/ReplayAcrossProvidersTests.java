package io.dora.security;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import io.dora.protocol.DoraCodes;
import io.dora.protocol.DoraJsonCodec;
import io.dora.protocol.ResponseEnvelope;
import io.dora.test.DoraTestApplications;
import io.dora.test.RawDoraSocket;
import io.dora.test.RawFrames;
import io.dora.test.RedisServerProcess;
import io.dora.test.TestHandlers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A signed request captured on its way to one provider, sent again. Its audience keeps it from running on a
 * provider outside the group (or address) it was signed for; the replay memory in Redis keeps it from running
 * again on another provider of the same group, or on the same provider after a restart, which the memory of one
 * process cannot see.
 */
class ReplayAcrossProvidersTests {

	private static final String SECRET = "replay-secret-0123456789abcdef";

	private static RedisServerProcess redis;

	private final String prefix = "dora-replay-" + UUID.randomUUID().toString().substring(0, 8);

	private final DoraJsonCodec codec = new DoraJsonCodec(JsonMapper.builder().build());

	@BeforeAll
	static void startRedis() {
		redis = RedisServerProcess.obtain();
	}

	@AfterAll
	static void stopRedis() {
		redis.close();
	}

	@Test
	void aRequestReplayedToAProviderOfAnotherGroupSharingTheKeyIsRefused() throws IOException {
		try (ConfigurableApplicationContext orders = provider("orders-1", "local", "orders");
				ConfigurableApplicationContext billing = provider("billing-1", "local", "billing")) {
			byte[] captured = RawFrames.signedCount("k1", SECRET, "orders", System.currentTimeMillis(), "to-orders");
			assertThat(send(orders, captured).code()).isZero();
			ResponseEnvelope<JsonNode> replayed = send(billing, captured);
			assertThat(replayed.code()).isEqualTo(DoraCodes.SIGNATURE_INVALID);
			assertThat(replayed.msg()).contains("audience 'orders'");
			assertThat(executions(billing, "to-orders")).isZero();

			// Signed for one provider's address, refused by the other even within one group.
			String address = DoraTestApplications.endpoint(orders);
			byte[] direct = RawFrames.signedCount("k1", SECRET, address, System.currentTimeMillis(), "to-address");
			assertThat(send(orders, direct).code()).isZero();
			assertThat(send(billing, direct).msg()).contains("audience '" + address + "'");
			assertThat(executions(billing, "to-address")).isZero();
		}
	}

	@Test
	void withTheLocalMemoryOnlyAReplayRunsOnAnotherProviderOfTheGroupAndAfterARestart() throws IOException {
		// What the default does not prevent, as SECURITY.md says: each process remembers only what it saw.
		byte[] captured = RawFrames.signedCount("k1", SECRET, "orders", System.currentTimeMillis(), "local-only");
		try (ConfigurableApplicationContext first = provider("orders-1", "local", "orders");
				ConfigurableApplicationContext second = provider("orders-2", "local", "orders")) {
			assertThat(send(first, captured).code()).isZero();
			assertThat(send(first, captured).msg()).contains("replay");
			assertThat(send(second, captured).code()).isZero();
		}
		try (ConfigurableApplicationContext restarted = provider("orders-1", "local", "orders")) {
			assertThat(send(restarted, captured).code()).isZero();
		}
	}

	@Test
	void withTheRedisMemoryAReplayIsRefusedByAnotherProviderOfTheGroupAndAfterARestart() throws IOException {
		byte[] captured = RawFrames.signedCount("k1", SECRET, "orders", System.currentTimeMillis(), "shared");
		try (ConfigurableApplicationContext first = provider("orders-1", "redis", "orders");
				ConfigurableApplicationContext second = provider("orders-2", "redis", "orders")) {
			assertThat(send(first, captured).code()).isZero();
			ResponseEnvelope<JsonNode> elsewhere = send(second, captured);
			assertThat(elsewhere.code()).isEqualTo(DoraCodes.SIGNATURE_INVALID);
			assertThat(elsewhere.msg()).contains("replay");
			assertThat(executions(second, "shared")).isZero();
		}
		try (ConfigurableApplicationContext restarted = provider("orders-1", "redis", "orders")) {
			ResponseEnvelope<JsonNode> afterRestart = send(restarted, captured);
			assertThat(afterRestart.code()).isEqualTo(DoraCodes.SIGNATURE_INVALID);
			assertThat(afterRestart.msg()).contains("replay");
			assertThat(executions(restarted, "shared")).isZero();
			// A fresh request still runs: the memory refuses only what it has seen.
			byte[] fresh = RawFrames.signedCount("k1", SECRET, "orders", System.currentTimeMillis(), "fresh");
			assertThat(send(restarted, fresh).code()).isZero();
		}
	}

	private ConfigurableApplicationContext provider(String name, String replayMemory, String group) {
		List<String> properties = new ArrayList<>(DoraTestApplications.providerProperties(redis, this.prefix, name,
				group));
		properties.addAll(List.of("dora.security.keys.k1=" + SECRET, "dora.security.replay-memory=" + replayMemory));
		return DoraTestApplications.run(DoraTestApplications.ProviderApplication.class, properties);
	}

	private ResponseEnvelope<JsonNode> send(ConfigurableApplicationContext provider, byte[] frame)
			throws IOException {
		try (RawDoraSocket socket = new RawDoraSocket(DoraTestApplications.port(provider))) {
			socket.send(frame);
			return this.codec.readResponse(socket.read().body());
		}
	}

	private static int executions(ConfigurableApplicationContext provider, String key) {
		return provider.getBean(TestHandlers.class).executionsOf(key);
	}

}
