package io.dora.discovery.redis;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.dora.discovery.redis.RedisRegistryOperations.ExpiryCheck;
import io.dora.discovery.redis.RedisRegistryOperations.GroupRead;
import io.dora.discovery.redis.RedisRegistryOperations.HeartbeatOutcome;
import io.dora.test.Await;
import io.dora.test.RedisConnectionFactories;
import io.dora.test.RedisServerProcess;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

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
		connectionFactory = RedisConnectionFactories.standalone(redis);
	}

	@AfterAll
	static void disconnect() {
		connectionFactory.destroy();
		redis.close();
	}

	@Test
	void heartbeatWritesAnExpiringRecordAndAnIndexEntryUnderTheGroupsHashTag() throws Exception {
		InstanceRecord record = record("p1", 9001);
		assertThat(heartbeat(record, Duration.ofSeconds(15))).isEqualTo(HeartbeatOutcome.CREATED);
		String instanceKey = this.prefix + ":{g1}:instance:p1";
		String indexKey = this.prefix + ":{g1}:instances";
		String heartbeatsKey = this.prefix + ":{g1}:heartbeats";
		assertThat(redis.command("KEYS", this.prefix + ":*")).asList()
			.containsExactlyInAnyOrder(instanceKey, indexKey, heartbeatsKey);
		assertThat(Long.parseLong((String) redis.command("PTTL", instanceKey))).isBetween(10_000L, 15_000L);
		// The index outlives the group's last record by ten minutes, so that every consumer sees it expire.
		assertThat(Long.parseLong((String) redis.command("PTTL", indexKey))).isBetween(610_000L, 615_000L);
		assertThat(Long.parseLong((String) redis.command("PTTL", heartbeatsKey))).isBetween(10_000L, 15_000L);
		List<?> clock = (List<?>) redis.command("HMGET", heartbeatsKey, "last", "resumed", "pause", "ttl", "changes",
				"since");
		assertThat(Long.parseLong((String) clock.get(0))).isCloseTo(redis.timeMillis(), Offset.offset(5_000L));
		// The group's first heartbeat counts as heartbeats resuming: there was no clock before.
		assertThat(clock.get(1)).isEqualTo(clock.get(0));
		assertThat(clock.get(5)).isEqualTo(clock.get(0));
		assertThat(clock.subList(2, 5)).isEqualTo(List.of("10000", "15000", "1"));
		assertThat(redis.command("ZRANGE", indexKey, "0", "-1")).isEqualTo(List.of("p1"));
		// The index scores each instance with the time its record expires, on Redis's clock.
		long score = Long.parseLong((String) redis.command("ZSCORE", indexKey, "p1"));
		assertThat(score).isEqualTo(Long.parseLong((String) clock.get(0)) + 15_000);
		String json = (String) redis.command("GET", instanceKey);
		assertThat(json).contains("\"id\":\"p1\"", "\"host\":\"127.0.0.1\"", "\"port\":9001", "\"groups\":[\"g1\"]",
				"\"protocolVersion\":1", "\"weight\":2", "\"draining\":false", "\"metadata\":{\"zone\":\"a\"}",
				"\"startedAt\":\"2025-01-02T03:04:05Z\"", "\"application\":\"orders\"");
		assertThat(new InstanceRecordCodec().read(json)).isEqualTo(record);
	}

	@Test
	void sameRecordOnlyRefreshesAndADifferentOneIsAChange() {
		InstanceRecord record = record("p1", 9001);
		heartbeat(record, Duration.ofSeconds(15));
		assertThat(heartbeat(record, Duration.ofSeconds(15)))
			.isEqualTo(HeartbeatOutcome.REFRESHED);
		assertThat(heartbeat(record.asDraining(), Duration.ofSeconds(15)))
			.isEqualTo(HeartbeatOutcome.CHANGED);
		assertThat(this.operations.read("g1").records()).singleElement()
			.satisfies((read) -> assertThat(read.draining()).isTrue());
	}

	@Test
	void readReturnsLiveRecordsWithTheShortestTtl() throws Exception {
		heartbeat(record("long", 9001), Duration.ofSeconds(30));
		heartbeat(record("short", 9002), Duration.ofMillis(300));
		GroupRead both = this.operations.read("g1");
		assertThat(both.records()).extracting(InstanceRecord::id).containsExactlyInAnyOrder("long", "short");
		assertThat(both.shortestTtlMillis()).isBetween(1L, 300L);
		Await.until("the short record expired", () -> exists(this.prefix + ":{g1}:instance:short") == 0);
		GroupRead one = this.operations.read("g1");
		assertThat(one.records()).extracting(InstanceRecord::id).containsExactly("long");
		assertThat(one.shortestTtlMillis()).isGreaterThan(20_000L);
		assertThat(this.operations.read("g1", List.of("short", "long", "never")).records())
			.extracting(InstanceRecord::id).containsExactly("long");
	}

	@Test
	void checkFindsWhatExpiredWithoutReadingTheGroupAndForgetsItAfterAWhile() throws Exception {
		heartbeat(record("long", 9001), Duration.ofSeconds(30));
		heartbeat(record("short", 9002), Duration.ofMillis(300));
		ExpiryCheck before = this.operations.checkExpiry("g1");
		assertThat(before.expired()).isEmpty();
		assertThat(before.nextExpiryMillis()).isBetween(1L, 300L);
		Await.until("the short record expired", () -> exists(this.prefix + ":{g1}:instance:short") == 0);
		ExpiryCheck after = this.operations.checkExpiry("g1");
		assertThat(after.expired()).containsExactly("short");
		assertThat(after.nextExpiryMillis()).isGreaterThan(20_000L);
		// Every consumer is to see the expiry in its next check: the entry stays in the index for a while.
		String indexKey = this.prefix + ":{g1}:instances";
		assertThat(redis.command("ZRANGE", indexKey, "0", "-1")).asList().contains("short");
		long longAgo = redis.timeMillis() - RedisRegistryOperations.EXPIRED_KEPT.toMillis() - 1_000;
		redis.command("ZADD", indexKey, String.valueOf(longAgo), "short");
		assertThat(this.operations.checkExpiry("g1").expired()).isEmpty();
		assertThat(redis.command("ZRANGE", indexKey, "0", "-1")).isEqualTo(List.of("long"));
	}

	@Test
	void changesCountRegistrationsChangesAndDeregistrationsButNotRefreshes() throws Exception {
		heartbeat(record("p1", 9001), Duration.ofSeconds(15));
		String first = this.operations.read("g1").changes();
		assertThat(first).endsWith(":1");
		heartbeat(record("p1", 9001), Duration.ofSeconds(15));
		assertThat(this.operations.checkExpiry("g1").changes()).isEqualTo(first);
		heartbeat(record("p2", 9002), Duration.ofSeconds(15));
		heartbeat(record("p1", 9001).asDraining(), Duration.ofSeconds(15));
		this.operations.deregister("g1", "p1");
		String fourth = this.operations.read("g1").changes();
		assertThat(fourth).isEqualTo(first.replace(":1", ":4"));
		assertThat(this.operations.checkExpiry("g1").changes()).isEqualTo(fourth);
		// A clock made anew (the group was empty for a TTL, or Redis lost it) counts from 1 again, yet its count
		// differs from every earlier one.
		redis.command("DEL", this.prefix + ":{g1}:heartbeats");
		Thread.sleep(5);
		heartbeat(record("p3", 9003), Duration.ofSeconds(15));
		assertThat(this.operations.read("g1").changes()).endsWith(":1").isNotEqualTo(first);
	}

	@Test
	void deregisterRemovesRecordAndIndexEntry() throws Exception {
		heartbeat(record("p1", 9001), Duration.ofSeconds(15));
		heartbeat(record("p2", 9002), Duration.ofSeconds(15));
		assertThat(this.operations.deregister("g1", "p1")).isTrue();
		assertThat(this.operations.deregister("g1", "p1")).isFalse();
		assertThat(this.operations.read("g1").records()).extracting(InstanceRecord::id).containsExactly("p2");
		assertThat(redis.command("ZRANGE", this.prefix + ":{g1}:instances", "0", "-1")).isEqualTo(List.of("p2"));
	}

	@Test
	void theClockExpiresWithTheLastMemberAndTheIndexTenMinutesLater() throws Exception {
		heartbeat(record("p1", 9001), Duration.ofMillis(300));
		Await.until("the record and the clock expired", () -> exists(this.prefix + ":{g1}:instance:p1") == 0
				&& exists(this.prefix + ":{g1}:heartbeats") == 0);
		assertThat(this.operations.read("g1").records()).isEmpty();
		assertThat(this.operations.checkExpiry("g1").expired()).containsExactly("p1");
		long indexTtl = Long.parseLong((String) redis.command("PTTL", this.prefix + ":{g1}:instances"));
		assertThat(indexTtl).isBetween(1L, RedisRegistryOperations.EXPIRED_KEPT.toMillis());
	}

	@Test
	void heartbeatRecreatesWhatRedisLost() throws Exception {
		InstanceRecord record = record("p1", 9001);
		heartbeat(record, Duration.ofSeconds(15));
		redis.command("DEL", this.prefix + ":{g1}:instance:p1", this.prefix + ":{g1}:instances");
		assertThat(this.operations.read("g1").records()).isEmpty();
		assertThat(heartbeat(record, Duration.ofSeconds(15))).isEqualTo(HeartbeatOutcome.CREATED);
		assertThat(this.operations.read("g1").records()).containsExactly(record);
	}

	@Test
	void unreadableRecordsAreSkipped() throws Exception {
		heartbeat(record("p1", 9001), Duration.ofSeconds(15));
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
			heartbeat(record, Duration.ofSeconds(15));
			heartbeat(record, Duration.ofSeconds(15));
			heartbeat(record.asDraining(), Duration.ofSeconds(15));
			this.operations.deregister("g1", "p1");
			Duration wait = Duration.ofSeconds(5);
			assertThat(changes.nextMessage(wait)).isEqualTo("{\"event\":\"registered\",\"id\":\"p1\"}");
			assertThat(changes.nextMessage(wait)).isEqualTo("{\"event\":\"draining\",\"id\":\"p1\"}");
			assertThat(changes.nextMessage(wait)).isEqualTo("{\"event\":\"deregistered\",\"id\":\"p1\"}");
			assertThat(changes.nextMessage(Duration.ofMillis(100))).isNull();
		}
	}

	@Test
	void readersAreToldHowLongMissingRecordsMayBelongToLiveProvidersAfterHeartbeatsResumed() throws Exception {
		String clock = this.prefix + ":{g1}:heartbeats";
		heartbeat(record("p1", 9001), Duration.ofSeconds(15));
		assertThat(this.operations.read("g1").resumingMillis()).isBetween(14_000L, 15_000L);
		// Heartbeats have run without a pause for longer than the TTL: a missing record means a provider is gone.
		redis.command("HSET", clock, "resumed", String.valueOf(redis.timeMillis() - 20_000));
		assertThat(this.operations.read("g1").resumingMillis()).isZero();
		heartbeat(record("p1", 9001), Duration.ofSeconds(15));
		assertThat(this.operations.read("g1").resumingMillis()).isZero();

		// No heartbeat has landed for longer than the TTL less the interval: records may be expiring for want of
		// heartbeats Redis could not take, so missing ones may belong to live providers.
		redis.command("HSET", clock, "last", String.valueOf(redis.timeMillis() - 10_500));
		assertThat(this.operations.read("g1").resumingMillis()).isEqualTo(15_000L);
		// The next heartbeat marks heartbeats as resumed: records may be missing for one more TTL.
		heartbeat(record("p1", 9001), Duration.ofSeconds(15));
		assertThat(this.operations.read("g1").resumingMillis()).isBetween(14_000L, 15_000L);
	}

	@Test
	void aHeartbeatOnAnotherReplicationHistoryCountsAsResumingAfterAGapOfAnyLength() throws Exception {
		String clock = this.prefix + ":{g1}:heartbeats";
		heartbeat(record("p1", 9001), Duration.ofSeconds(15));
		redis.command("HSET", clock, "resumed", String.valueOf(redis.timeMillis() - 20_000));
		heartbeat(record("p1", 9001), Duration.ofSeconds(15));
		assertThat(this.operations.read("g1").resumingMillis()).isZero();
		// What a promoted replica (or a restarted Redis) looks like: the clock was written under another
		// replication id, and the records written in the last moments before the failover may be gone.
		assertThat(redis.command("HGET", clock, "replid")).asString().hasSize(40);
		redis.command("HSET", clock, "replid", "0000000000000000000000000000000000000000");
		// Until a heartbeat lands on the new node, its readers cannot tell how long ago heartbeats stopped.
		assertThat(this.operations.read("g1").resumingMillis()).isEqualTo(15_000L);
		heartbeat(record("p1", 9001), Duration.ofSeconds(15));
		assertThat(this.operations.read("g1").resumingMillis()).isBetween(14_000L, 15_000L);
	}

	private HeartbeatOutcome heartbeat(InstanceRecord record, Duration ttl) {
		return this.operations.heartbeat("g1", record, ttl, ttl.dividedBy(3));
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
