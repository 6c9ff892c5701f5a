package io.dora.discovery.redis;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import io.dora.discovery.DoraGroupView;
import io.dora.discovery.redis.RedisRegistryOperations.ExpiryCheck;
import io.dora.discovery.redis.RedisRegistryOperations.GroupRead;
import io.dora.test.Await;
import io.dora.test.RedisConnectionFactories;
import io.dora.test.RedisServerProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How a consumer keeps its view of a group: what it reads for a notification, an expiry and a lost notification
 * (never the whole group when one record tells), and what it does when Redis loses records of live providers, as a
 * failover does (a promoted replica lacks what the old master wrote last, and records expire while no node takes
 * heartbeats). Simulated providers (heartbeats written by the registry's own operations) and a real
 * {@link RedisServiceDiscovery} against a real Redis; the Cluster and Sentinel tests show the failovers for real.
 */
class RedisServiceDiscoveryTests {

	private static final Duration TTL = Duration.ofSeconds(1);

	private static final Duration INTERVAL = Duration.ofMillis(200);

	private static RedisServerProcess redis;

	private static LettuceConnectionFactory connectionFactory;

	private final String prefix = "dora-test-" + UUID.randomUUID().toString().substring(0, 8);

	private final CountingOperations operations = new CountingOperations(new StringRedisTemplate(connectionFactory),
			new RedisRegistryKeys(this.prefix));

	private final ScheduledExecutorService heartbeats = Executors.newScheduledThreadPool(2);

	private final SimulatedProvider a = new SimulatedProvider("a", 9001);

	private final SimulatedProvider b = new SimulatedProvider("b", 9002);

	private final List<Set<String>> views = Collections.synchronizedList(new ArrayList<>());

	private RedisServiceDiscovery discovery;

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

	@AfterEach
	void stop() {
		this.heartbeats.shutdownNow();
		if (this.discovery != null) {
			this.discovery.close();
		}
	}

	@Test
	void aNotificationReadsOnlyTheRecordItNames() {
		startBothAndWatch();
		int fullReads = this.operations.fullReads.get();
		SimulatedProvider c = new SimulatedProvider("c", 9003);
		c.resume();
		Await.until("c seen", () -> this.discovery.view("g1").instances().size() == 3);
		assertThat(this.operations.recordReads).contains(Set.of(c.record.id()));
		c.pause();
		c.drain();
		Await.until("c seen draining", () -> this.discovery.view("g1").instances().stream()
			.anyMatch((instance) -> instance.draining()));
		assertThat(this.operations.fullReads.get()).isEqualTo(fullReads);
	}

	@Test
	void aProviderThatStopsHeartbeatingLeavesWithinTheTtlWithoutAReadOfTheGroup() throws Exception {
		startBothAndWatch();
		int fullReads = this.operations.fullReads.get();
		this.b.pause();
		long lastHeartbeat = System.nanoTime();
		Await.until("b left the view", () -> endpoints(this.discovery.view("g1")).equals(List.of("127.0.0.1:9001")),
				() -> this.discovery.view("g1").toString());
		assertThat(Duration.ofNanos(System.nanoTime() - lastHeartbeat)).isLessThan(TTL.plusMillis(500));
		// The index told what expired; only b's record was read, to confirm it is gone.
		assertThat(this.operations.checks.get()).isPositive();
		assertThat(this.operations.recordReads).containsOnly(Set.of(this.b.record.id()));
		assertThat(this.operations.fullReads.get()).isEqualTo(fullReads);
	}

	@Test
	void aProviderThatJoinedAnEmptyGroupThroughANotificationAndDiedLeavesWithinTheTtl() {
		Duration emptyGroupGrace = Duration.ofMillis(500);
		this.discovery = new RedisServiceDiscovery(this.operations, connectionFactory,
				new DiscoverySettings(Duration.ofSeconds(30), emptyGroupGrace, Duration.ofSeconds(5), null));
		Await.until("the empty group read", () -> this.discovery.view("g1").source().contains("read at"));
		Await.until("subscribed", () -> this.discovery.isSubscribed("g1"));
		this.a.resume();
		Await.until("a seen through its notification", () -> this.discovery.view("g1").instances().size() == 1);
		this.a.pause();
		long lastHeartbeat = System.nanoTime();
		// The record read for the notification says when a's record expires: a check is due then, not at the next
		// refresh, 30 s away. The group then reads empty, which is confirmed after the grace period.
		Await.until("a left the view", () -> this.discovery.view("g1").instances().isEmpty());
		assertThat(Duration.ofNanos(System.nanoTime() - lastHeartbeat))
			.isLessThan(TTL.plus(emptyGroupGrace).plusMillis(700));
	}

	@Test
	void aLostNotificationIsCaughtByTheGroupsCountOfChanges() throws Exception {
		this.a.resume();
		this.discovery = new RedisServiceDiscovery(this.operations, connectionFactory,
				new DiscoverySettings(Duration.ofMillis(300), Duration.ofSeconds(2), Duration.ofSeconds(5), null));
		Await.until("a seen", () -> this.discovery.view("g1").instances().size() == 1);
		// b registers as the heartbeat script would, but its notification never arrives.
		String record = this.operations.codec().write(this.b.record);
		redis.command("SET", this.b.key(), record, "PX", "60000");
		redis.command("ZADD", this.prefix + ":{g1}:instances", String.valueOf(redis.timeMillis() + 60_000),
				this.b.record.id());
		redis.command("HINCRBY", clock(), "changes", "1");
		Await.until("b seen at the next periodic check", () -> this.discovery.view("g1").instances().size() == 2,
				() -> this.discovery.view("g1").toString());
	}

	@Test
	void providerWhoseRecordThePromotedReplicaLacksStaysInTheViewUntilItsNextHeartbeat() throws Exception {
		startBothAndWatch();
		failOverLosingTheRecordOfB();
		this.discovery.requestRead("g1");
		Await.until("the consumer read the group without b's record",
				() -> this.discovery.view("g1").source().contains("keeping 127.0.0.1:9002"),
				() -> this.discovery.view("g1").toString());
		this.b.resume();
		Await.until("b back in Redis and read", () -> !this.discovery.view("g1").source().contains("keeping"),
				() -> this.discovery.view("g1").toString());
		assertThat(endpoints(this.discovery.view("g1"))).containsExactly("127.0.0.1:9001", "127.0.0.1:9002");
		assertThat(this.views).allSatisfy((view) -> assertThat(view).contains("127.0.0.1:9002"));
	}

	@Test
	void recordsThatExpiredWhileRedisTookNoHeartbeatsDoNotTakeLiveProvidersOutOfTheView() throws Exception {
		startBothAndWatch();
		// No heartbeat reaches Redis for longer than the TTL, as while a replica waits to take over: every record
		// expires. Heartbeats then resume one provider at a time.
		this.a.pause();
		this.b.pause();
		Await.until("both records expired", () -> "0".equals(command("EXISTS", this.a.key(), this.b.key())));
		this.discovery.requestRead("g1");
		Await.until("the consumer read the group empty", () -> this.discovery.view("g1").source().contains("read empty"),
				() -> this.discovery.view("g1").toString());
		this.a.resume();
		Await.until("the consumer read a back and kept b",
				() -> this.discovery.view("g1").source().contains("keeping 127.0.0.1:9002"),
				() -> this.discovery.view("g1").toString());
		this.b.resume();
		Await.until("b back in Redis and read", () -> !this.discovery.view("g1").source().contains("keeping"),
				() -> this.discovery.view("g1").toString());
		assertThat(this.views).allSatisfy((view) -> assertThat(view).contains("127.0.0.1:9001", "127.0.0.1:9002"));
	}

	@Test
	void providerThatDoesNotComeBackLeavesTheViewOneTtlAfterHeartbeatsResumed() throws Exception {
		startBothAndWatch();
		failOverLosingTheRecordOfB();
		long resumedAt = Long.parseLong(command("HGET", clock(), "resumed"));
		this.discovery.requestRead("g1");
		Await.until("b dropped", () -> endpoints(this.discovery.view("g1")).equals(List.of("127.0.0.1:9001")),
				() -> this.discovery.view("g1").toString());
		long droppedAfter = redis.timeMillis() - resumedAt;
		assertThat(droppedAfter).isBetween(TTL.toMillis(), TTL.toMillis() + 500);
	}

	private void startBothAndWatch() {
		this.a.resume();
		this.b.resume();
		this.operations.recordReads.clear();
		this.discovery = new RedisServiceDiscovery(this.operations, connectionFactory,
				new DiscoverySettings(Duration.ofSeconds(30), Duration.ofSeconds(2), Duration.ofSeconds(5), null));
		Await.until("both providers seen", () -> this.discovery.view("g1").instances().size() == 2,
				() -> this.discovery.view("g1").toString());
		this.discovery.addListener((previous, current) -> this.views.add(Set.copyOf(endpoints(current))));
		this.operations.recordReads.clear();
	}

	/**
	 * What a failover looks like in Redis: b's registration, written a moment before the master died, never reached
	 * the replica, and the node that takes heartbeats now has a replication id of its own. Returns once a's next
	 * heartbeat has landed there; b's heartbeats are paused.
	 */
	private void failOverLosingTheRecordOfB() throws java.io.IOException {
		String otherNode = "0000000000000000000000000000000000000000";
		this.b.pause();
		redis.command("DEL", this.b.key());
		redis.command("HSET", clock(), "replid", otherNode);
		Await.until("a's heartbeat landed on the 'promoted' node", () -> !otherNode.equals(command("HGET", clock(),
				"replid")));
	}

	private String clock() {
		return this.prefix + ":{g1}:heartbeats";
	}

	private static List<String> endpoints(DoraGroupView view) {
		return view.instances().stream().map((instance) -> instance.endpoint().toString()).sorted()
			.collect(Collectors.toList());
	}

	private static String command(String... arguments) {
		try {
			return String.valueOf(redis.command(arguments));
		}
		catch (java.io.IOException ex) {
			throw new IllegalStateException(ex);
		}
	}


	/** A provider that only heartbeats, every {@link #INTERVAL} while not paused. */
	private final class SimulatedProvider {

		private volatile InstanceRecord record;

		private volatile boolean paused = true;

		SimulatedProvider(String name, int port) {
			this.record = new InstanceRecord("127.0.0.1:" + port + "-" + name, "127.0.0.1", port, List.of("g1"), 1,
					Instant.now(), 1, false, name, Map.of());
			RedisServiceDiscoveryTests.this.heartbeats.scheduleWithFixedDelay(this::beat, 0,
					INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
		}

		String key() {
			return RedisServiceDiscoveryTests.this.prefix + ":{g1}:instance:" + this.record.id();
		}

		synchronized void pause() {
			this.paused = true;
		}

		/** Marks itself draining, as a provider that shuts down does first. */
		synchronized void drain() {
			this.record = this.record.asDraining();
			RedisServiceDiscoveryTests.this.operations.heartbeat("g1", this.record, TTL, INTERVAL);
		}

		/** Heartbeats again from now on, the first one at once. */
		void resume() {
			this.paused = false;
			beat();
		}

		private synchronized void beat() {
			if (!this.paused) {
				RedisServiceDiscoveryTests.this.operations.heartbeat("g1", this.record, TTL, INTERVAL);
			}
		}

	}

	/** The registry's operations, counting what the consumer asks Redis for. */
	private static final class CountingOperations extends RedisRegistryOperations {

		final AtomicInteger fullReads = new AtomicInteger();

		final AtomicInteger checks = new AtomicInteger();

		final List<Set<String>> recordReads = new CopyOnWriteArrayList<>();

		/** Set while a full read runs: it reads every record the index names through the other method. */
		private final ThreadLocal<Boolean> readingAll = ThreadLocal.withInitial(() -> false);

		CountingOperations(StringRedisTemplate redis, RedisRegistryKeys keys) {
			super(redis, keys, new InstanceRecordCodec());
		}

		@Override
		public GroupRead read(String group) {
			this.fullReads.incrementAndGet();
			this.readingAll.set(true);
			try {
				return super.read(group);
			}
			finally {
				this.readingAll.set(false);
			}
		}

		@Override
		public GroupRead read(String group, Collection<String> ids) {
			if (!this.readingAll.get()) {
				this.recordReads.add(Set.copyOf(ids));
			}
			return super.read(group, ids);
		}

		@Override
		public ExpiryCheck checkExpiry(String group) {
			this.checks.incrementAndGet();
			return super.checkExpiry(group);
		}

	}

}
