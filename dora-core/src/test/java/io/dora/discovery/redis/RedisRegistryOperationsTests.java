package io.dora.discovery.redis;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.dora.discovery.redis.RedisRegistryOperations.GroupRead;
import io.dora.discovery.redis.RedisRegistryOperations.HeartbeatOutcome;
import io.dora.test.Await;
import io.dora.test.RedisServerProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The registry's keys and scripts against a real Redis, inspected with plain Redis commands as an operator would.
 */
class RedisRegistryOperationsTests {

	private static RedisServerProcess redis;

	private static LettuceConnectionFactory connectionFactory;

	private final String prefix = "dora-test-" + UUID.randomUUID().toString().substring(0, 8);

	private final RedisRegistryKeys keys = new RedisRegistryKeys(this.prefix);

	private final RedisRegistryOperations operations = new RedisRegistryOperations(
			new StringRedisTemplate(connectionFactory), this.keys, new InstanceRecordCodec());

	@BeforeAll
	static void connect() {
		redis = RedisServerProcess.obtain();
		connectionFactory = new LettuceConnectionFactory(new RedisStandaloneConfiguration(redis.host(), redis.port()));
		connectionFactory.afterPropertiesSet();
		connectionFactory.start();
	}

	@AfterAll
	static void disconnect() {
		connectionFactory.destroy();
		redis.close();
	}

	@Test
	void heartbeatWritesAnExpiringRecordAndAnIndexEntryUnderTheGroupsHashTag() throws Exception {
		InstanceRecord record = record("p1", 9001);
		assertThat(this.operations.heartbeat("g1", record, Duration.ofSeconds(15))).isEqualTo(HeartbeatOutcome.CREATED);
		String instanceKey = this.prefix + ":{g1}:instance:p1";
		String indexKey = this.prefix + ":{g1}:instances";
		assertThat(redis.command("KEYS", this.prefix + ":*")).asList().containsExactlyInAnyOrder(instanceKey, indexKey);
		assertThat(Long.parseLong((String) redis.command("PTTL", instanceKey))).isBetween(10_000L, 15_000L);
		assertThat(Long.parseLong((String) redis.command("PTTL", indexKey))).isBetween(10_000L, 15_000L);
		assertThat(redis.command("ZRANGE", indexKey, "0", "-1")).isEqualTo(List.of("p1"));
		long score = Long.parseLong((String) redis.command("ZSCORE", indexKey, "p1"));
		assertThat(score).isCloseTo(System.currentTimeMillis(), org.assertj.core.data.Offset.offset(60_000L));
		String json = (String) redis.command("GET", instanceKey);
		assertThat(json).contains("\"id\":\"p1\"", "\"host\":\"127.0.0.1\"", "\"port\":9001", "\"groups\":[\"g1\"]",
				"\"protocolVersion\":1", "\"weight\":2", "\"draining\":false", "\"metadata\":{\"zone\":\"a\"}",
				"\"startedAt\":\"2025-01-02T03:04:05Z\"", "\"application\":\"orders\"");
		assertThat(new InstanceRecordCodec().read(json)).isEqualTo(record);
	}

	@Test
	void sameRecordOnlyRefreshesAndADifferentOneIsAChange() {
		InstanceRecord record = record("p1", 9001);
		this.operations.heartbeat("g1", record, Duration.ofSeconds(15));
		assertThat(this.operations.heartbeat("g1", record, Duration.ofSeconds(15)))
			.isEqualTo(HeartbeatOutcome.REFRESHED);
		assertThat(this.operations.heartbeat("g1", record.asDraining(), Duration.ofSeconds(15)))
			.isEqualTo(HeartbeatOutcome.CHANGED);
		assertThat(this.operations.read("g1").records()).singleElement()
			.satisfies((read) -> assertThat(read.draining()).isTrue());
	}

	@Test
	void readReturnsLiveRecordsWithTheShortestTtlAndPrunesExpiredOnes() throws Exception {
		this.operations.heartbeat("g1", record("long", 9001), Duration.ofSeconds(30));
		this.operations.heartbeat("g1", record("short", 9002), Duration.ofMillis(300));
		GroupRead both = this.operations.read("g1");
		assertThat(both.records()).extracting(InstanceRecord::id).containsExactlyInAnyOrder("long", "short");
		assertThat(both.shortestTtlMillis()).isBetween(1L, 300L);
		String indexKey = this.prefix + ":{g1}:instances";
		Await.until("the short record expired", () -> exists(this.prefix + ":{g1}:instance:short") == 0);
		assertThat(redis.command("ZCARD", indexKey)).isEqualTo("2");
		GroupRead one = this.operations.read("g1");
		assertThat(one.records()).extracting(InstanceRecord::id).containsExactly("long");
		assertThat(one.shortestTtlMillis()).isGreaterThan(20_000L);
		assertThat(redis.command("ZRANGE", indexKey, "0", "-1")).isEqualTo(List.of("long"));
	}

	@Test
	void deregisterRemovesRecordAndIndexEntry() throws Exception {
		this.operations.heartbeat("g1", record("p1", 9001), Duration.ofSeconds(15));
		this.operations.heartbeat("g1", record("p2", 9002), Duration.ofSeconds(15));
		assertThat(this.operations.deregister("g1", "p1")).isTrue();
		assertThat(this.operations.deregister("g1", "p1")).isFalse();
		assertThat(this.operations.read("g1").records()).extracting(InstanceRecord::id).containsExactly("p2");
		assertThat(redis.command("ZRANGE", this.prefix + ":{g1}:instances", "0", "-1")).isEqualTo(List.of("p2"));
	}

	@Test
	void theIndexExpiresWithItsLastMember() {
		this.operations.heartbeat("g1", record("p1", 9001), Duration.ofMillis(300));
		Await.until("the index expired", () -> exists(this.prefix + ":{g1}:instances") == 0);
		assertThat(this.operations.read("g1").records()).isEmpty();
	}

	@Test
	void heartbeatRecreatesWhatRedisLost() throws Exception {
		InstanceRecord record = record("p1", 9001);
		this.operations.heartbeat("g1", record, Duration.ofSeconds(15));
		redis.command("DEL", this.prefix + ":{g1}:instance:p1", this.prefix + ":{g1}:instances");
		assertThat(this.operations.read("g1").records()).isEmpty();
		assertThat(this.operations.heartbeat("g1", record, Duration.ofSeconds(15))).isEqualTo(HeartbeatOutcome.CREATED);
		assertThat(this.operations.read("g1").records()).containsExactly(record);
	}

	@Test
	void unreadableRecordsAreSkipped() throws Exception {
		this.operations.heartbeat("g1", record("p1", 9001), Duration.ofSeconds(15));
		redis.command("ZADD", this.prefix + ":{g1}:instances", "1", "junk");
		redis.command("SET", this.prefix + ":{g1}:instance:junk", "not json", "PX", "15000");
		GroupRead read = this.operations.read("g1");
		assertThat(read.records()).extracting(InstanceRecord::id).containsExactly("p1");
		assertThat(read.unreadable()).isEqualTo(1);
	}

	@Test
	void changesArePublishedOnTheGroupChannelAndPlainHeartbeatsAreNot() throws Exception {
		String channel = this.prefix + ":{g1}:changes";
		assertThat(this.keys.channel("g1")).isEqualTo(channel);
		assertThat(this.keys.groupOfChannel(channel)).isEqualTo("g1");
		assertThat(this.keys.groupOfChannel("other:{g1}:changes")).isNull();
		InstanceRecord record = record("p1", 9001);
		try (RedisServerProcess.Subscription changes = redis.subscribe(channel)) {
			this.operations.heartbeat("g1", record, Duration.ofSeconds(15));
			this.operations.heartbeat("g1", record, Duration.ofSeconds(15));
			this.operations.heartbeat("g1", record.asDraining(), Duration.ofSeconds(15));
			this.operations.deregister("g1", "p1");
			Duration wait = Duration.ofSeconds(5);
			assertThat(changes.nextMessage(wait)).isEqualTo("{\"event\":\"registered\",\"id\":\"p1\"}");
			assertThat(changes.nextMessage(wait)).isEqualTo("{\"event\":\"draining\",\"id\":\"p1\"}");
			assertThat(changes.nextMessage(wait)).isEqualTo("{\"event\":\"deregistered\",\"id\":\"p1\"}");
			assertThat(changes.nextMessage(Duration.ofMillis(100))).isNull();
		}
	}

	private long exists(String key) {
		try {
			return Long.parseLong((String) redis.command("EXISTS", key));
		}
		catch (java.io.IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static InstanceRecord record(String id, int port) {
		return new InstanceRecord(id, "127.0.0.1", port, List.of("g1"), 1, Instant.parse("2025-01-02T03:04:05Z"), 2,
				false, "orders", Map.of("zone", "a"));
	}

}
