package io.dora.discovery;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import io.dora.client.DoraTemplate;
import io.dora.client.connection.DoraConnectionManager;
import io.dora.discovery.redis.InstanceRecord;
import io.dora.discovery.redis.InstanceRecordCodec;
import io.dora.discovery.redis.RedisRegistration;
import io.dora.discovery.redis.RedisRegistryKeys;
import io.dora.discovery.redis.RedisRegistryOperations;
import io.dora.discovery.redis.RedisRegistryOperations.HeartbeatOutcome;
import io.dora.discovery.redis.RedisServiceDiscovery;
import io.dora.protocol.DoraCodes;
import io.dora.test.Await;
import io.dora.test.CallLoad;
import io.dora.test.CallLoad.Outcome;
import io.dora.test.DoraTestApplications;
import io.dora.test.ProviderProcess;
import io.dora.test.RedisCluster;
import io.dora.test.RedisConnectionFactories;
import io.dora.test.RedisServerProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

import static io.dora.test.DoraTestApplications.awaitProviders;
import static io.dora.test.DoraTestApplications.consumer;
import static io.dora.test.DoraTestApplications.endpoint;
import static io.dora.test.DoraTestApplications.isDraining;
import static io.dora.test.DoraTestApplications.override;
import static io.dora.test.DoraTestApplications.providerProperties;
import static io.dora.test.DoraTestApplications.redisDiscovery;
import static io.dora.test.DoraTestApplications.template;
import static io.dora.test.DoraTestApplications.whoAnswers;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Discovery on a real Redis Cluster of three masters and three replicas, started once for the class: the registry's
 * scripts on every master, notifications across nodes, registration, resolution, expiry of a killed provider and
 * draining as on a single Redis; and, last, the master of a group's slot killed while calls and heartbeats run.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RedisClusterDiscoveryTests {

	/**
	 * Longer than {@link RedisFailoverScenario#TTL}, so that no record can outlive the failover: a replica takes over
	 * only after its master has been unreachable this long.
	 */
	private static final Duration NODE_TIMEOUT = Duration.ofSeconds(3);

	private RedisCluster cluster;

	private final String prefix = "dora-test-" + UUID.randomUUID().toString().substring(0, 8);

	@BeforeAll
	void startCluster() throws IOException {
		this.cluster = RedisCluster.start(3, 1, NODE_TIMEOUT);
	}

	@AfterAll
	void stopCluster() {
		if (this.cluster != null) {
			this.cluster.close();
		}
	}

	@Test
	@Order(1)
	void scriptsRunOnTheMasterOfEveryGroupAndNotificationsReachSubscribersOfEveryNode() throws Exception {
		LettuceConnectionFactory connectionFactory = RedisConnectionFactories.cluster(this.cluster);
		try {
			RedisRegistryOperations operations = new RedisRegistryOperations(new StringRedisTemplate(connectionFactory),
					new RedisRegistryKeys(this.prefix), new InstanceRecordCodec());
			Duration ttl = Duration.ofSeconds(15);
			for (String group : groupsOnEveryMaster()) {
				InstanceRecord record = new InstanceRecord("p1", "10.0.0.1", 9001, List.of(group), 1, Instant.now(), 1,
						false, "test", Map.of());
				List<RedisServerProcess.Subscription> subscriptions = new ArrayList<>();
				try {
					for (RedisServerProcess node : this.cluster.nodes()) {
						subscriptions.add(node.subscribe(this.prefix + ":{" + group + "}:changes"));
					}
					assertThat(operations.heartbeat(group, record, ttl, ttl.dividedBy(3)))
						.isEqualTo(HeartbeatOutcome.CREATED);
					assertThat(operations.read(group).records()).containsExactly(record);
					assertThat(operations.deregister(group, "p1")).isTrue();
					assertThat(operations.read(group).records()).isEmpty();
					// Classic Pub/Sub: a message published on one master reaches subscribers of every node.
					for (RedisServerProcess.Subscription subscription : subscriptions) {
						assertThat(subscription.nextMessage(Duration.ofSeconds(5)))
							.isEqualTo("{\"event\":\"registered\",\"id\":\"p1\"}");
						assertThat(subscription.nextMessage(Duration.ofSeconds(5)))
							.isEqualTo("{\"event\":\"deregistered\",\"id\":\"p1\"}");
					}
				}
				finally {
					for (RedisServerProcess.Subscription subscription : subscriptions) {
						subscription.close();
					}
				}
			}
		}
		finally {
			connectionFactory.destroy();
		}
	}

	@Test
	@Order(2)
	void providersRegisterInGroupsOnDifferentMastersAndConsumersSeeChangesThroughNotifications() throws Exception {
		List<String> groups = groupsOnEveryMaster();
		String g1 = groups.get(0);
		String g2 = groups.get(1);
		// Records live 30 s and the periodic re-read is a minute away: only a notification can show c in time.
		String[] slowReads = { "dora.registry.ttl=30s", "dora.registry.heartbeat-interval=10s",
				"dora.registry.refresh-interval=1m" };
		try (ConfigurableApplicationContext a = provider("a", slowReads, g1);
				ConfigurableApplicationContext b = provider("b", slowReads, g1, g2);
				ConfigurableApplicationContext consumer = consumer(this.cluster, this.prefix, concat(slowReads,
						"dora.client.load-balancer=round-robin"))) {
			awaitProviders(consumer, g1, 2);
			awaitProviders(consumer, g2, 1);
			assertThat(whoAnswers(template(consumer).withGroup(g1), 20)).containsOnlyKeys("a", "b");
			assertThat(whoAnswers(template(consumer).withGroup(g2), 5)).containsOnlyKeys("b");
			RedisServiceDiscovery discovery = redisDiscovery(consumer);
			Await.until("subscribed to both groups' changes", () -> discovery.isSubscribed(g1) && discovery.isSubscribed(g2));
			try (ConfigurableApplicationContext c = provider("c", slowReads, g1)) {
				Await.until("c seen through its notification", Duration.ofSeconds(5),
						() -> discovery.view(g1).instances().size() == 3, () -> discovery.view(g1).toString());
				assertThat(whoAnswers(template(consumer).withGroup(g1), 30)).containsOnlyKeys("a", "b", "c");
			}
		}
	}

	@Test
	@Order(3)
	void killedProviderLeavesTheViewsWithinTheTtlWhileCallsGoToTheSurvivor() throws Exception {
		String group = groupsOnEveryMaster().get(2);
		try (ConfigurableApplicationContext survivor = provider("survivor", new String[0], group);
				ProviderProcess victim = ProviderProcess.start("victim",
						providerProperties(this.cluster, this.prefix, "victim", group));
				ConfigurableApplicationContext consumer = consumer(this.cluster, this.prefix)) {
			awaitProviders(consumer, group, 2);
			RedisServiceDiscovery discovery = redisDiscovery(consumer);
			DoraConnectionManager connections = consumer.getBean(DoraConnectionManager.class);
			DoraTemplate calls = template(consumer).withGroup(group);
			assertThat(whoAnswers(calls, 10)).containsOnlyKeys("survivor", "victim");
			try (CallLoad load = CallLoad.start(2, () -> calls.call("/whoami", null, String.class))) {
				long killedAt = System.nanoTime();
				victim.kill();
				Await.until("the client saw the victim's connection drop", () -> connections.openConnections() == 1);
				long droppedAt = System.nanoTime();
				Await.until("the victim left the view", () -> discovery.view(group).instances().size() == 1,
						() -> discovery.view(group).toString());
				// The TTL DoraTestApplications#common sets is 1 s.
				assertThat(Duration.ofNanos(System.nanoTime() - killedAt)).isLessThan(Duration.ofMillis(1500));
				load.awaitMoreCalls(50);
				load.close();
				assertThat(load.failures()).allSatisfy((failure) -> {
					assertThat(failure.startNanos()).isLessThan(droppedAt);
					assertThat(failure.code()).isEqualTo(DoraCodes.CONNECTION_CLOSED);
				});
			}
		}
	}

	@Test
	@Order(4)
	void drainingProviderIsNoLongerChosenAndNoCallFails() throws Exception {
		String group = groupsOnEveryMaster().get(0);
		ConfigurableApplicationContext b = provider("b", new String[0], group);
		try (ConfigurableApplicationContext a = provider("a", new String[0], group);
				ConfigurableApplicationContext consumer = consumer(this.cluster, this.prefix)) {
			awaitProviders(consumer, group, 2);
			RedisServiceDiscovery discovery = redisDiscovery(consumer);
			DoraTemplate calls = template(consumer).withGroup(group);
			String bEndpoint = endpoint(b);
			try (CallLoad load = CallLoad.start(2, () -> calls.call("/whoami", null, String.class))) {
				load.awaitMoreCalls(50);
				Thread closing = new Thread(b::close);
				closing.start();
				Await.until("b seen draining", () -> isDraining(discovery.view(group), bEndpoint));
				long drainingSeenAt = System.nanoTime();
				load.awaitMoreCalls(50);
				closing.join(30_000);
				Await.until("b left the view", () -> discovery.view(group).instances().size() == 1);
				load.awaitMoreCalls(50);
				load.close();
				assertThat(load.failures()).isEmpty();
				assertThat(load.outcomes()).filteredOn((outcome) -> outcome.startNanos() > drainingSeenAt)
					.allSatisfy((outcome) -> assertThat(outcome.answer()).isEqualTo("a"));
			}
		}
		finally {
			b.close();
		}
	}

	/**
	 * The master that serves a group's slot is killed while consumers call the group and its providers heartbeat:
	 * see {@link RedisFailoverScenario}. Lettuce follows the new master at its next topology refresh (1 s here).
	 */
	@Test
	@Order(5)
	void killingTheMasterOfAGroupLosesNoCallAndNoLiveProvider() throws Exception {
		String group = groupsOnEveryMaster().get(1);
		int slot = this.cluster.slot(this.prefix + ":{" + group + "}:instances");
		RedisServerProcess master = this.cluster.masterOf(slot);
		RedisFailoverScenario.run(this.cluster, this.prefix, group, Duration.ofSeconds(1), master,
				new RedisFailoverScenario.Failover() {

					@Override
					public RedisServerProcess awaitSuccessor() {
						return RedisClusterDiscoveryTests.this.cluster.awaitFailover(slot, master, Duration.ofSeconds(30));
					}

					@Override
					public void restartFormerMaster() throws IOException {
						RedisClusterDiscoveryTests.this.cluster.restart(master);
					}

				});
	}

	/** Providers with the class's Redis and key prefix, and further properties. */
	private ConfigurableApplicationContext provider(String name, String[] properties, String... groups) {
		return DoraTestApplications.run(DoraTestApplications.ProviderApplication.class,
				override(providerProperties(this.cluster, this.prefix, name, groups), properties));
	}

	/** One group name per master, in the order of the masters, so that each test can work on another slot. */
	private List<String> groupsOnEveryMaster() throws IOException {
		List<String> groups = new ArrayList<>();
		List<RedisServerProcess> masters = new ArrayList<>();
		for (int i = 0; groups.size() < 3; i++) {
			String group = "g" + i;
			RedisServerProcess master = this.cluster.masterOf(this.cluster.slot(this.prefix + ":{" + group + "}:x"));
			if (!masters.contains(master)) {
				masters.add(master);
				groups.add(group);
			}
		}
		return groups;
	}

	private static String[] concat(String[] first, String... second) {
		List<String> all = new ArrayList<>(List.of(first));
		all.addAll(List.of(second));
		return all.toArray(String[]::new);
	}

}
