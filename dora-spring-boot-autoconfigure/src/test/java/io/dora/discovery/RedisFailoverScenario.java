package io.dora.discovery;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import io.dora.client.DoraTemplate;
import io.dora.client.connection.DoraConnectionManager;
import io.dora.discovery.redis.InstanceRecord;
import io.dora.discovery.redis.RedisRegistration;
import io.dora.discovery.redis.RedisServiceDiscovery;
import io.dora.protocol.DoraCodes;
import io.dora.test.Await;
import io.dora.test.CallLoad;
import io.dora.test.CallLoad.Outcome;
import io.dora.test.DoraTestApplications;
import io.dora.test.ProviderProcess;
import io.dora.test.RedisDeployment;
import io.dora.test.RedisServerProcess;

import org.springframework.context.ConfigurableApplicationContext;

import static io.dora.test.DoraTestApplications.awaitProviders;
import static io.dora.test.DoraTestApplications.consumer;
import static io.dora.test.DoraTestApplications.endpoint;
import static io.dora.test.DoraTestApplications.override;
import static io.dora.test.DoraTestApplications.providerProperties;
import static io.dora.test.DoraTestApplications.redisDiscovery;
import static io.dora.test.DoraTestApplications.template;
import static io.dora.test.DoraTestApplications.whoAnswers;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The master that holds a group's keys is killed while a consumer calls the group and its providers heartbeat; a
 * third provider dies at the same moment. Shared by the Cluster and the Sentinel tests. The failover must take
 * longer than the TTL, so that the new master has lost every record of the group, as it does with Redis's default
 * timings (a failover of 15 to 30 s against a TTL of 15 s). What must hold:
 * <ul>
 * <li>no call fails but those in flight on the dead provider, which would fail with any Redis;</li>
 * <li>the live providers register again by themselves, within the time their Redis client takes to follow the new
 * master, a command timeout (500 ms) and a heartbeat interval, with a second to spare on a busy machine;</li>
 * <li>the consumer never drops a live provider, and drops the dead one once heartbeats have run on the new master
 * for a TTL.</li>
 * </ul>
 */
final class RedisFailoverScenario {

	static final Duration TTL = Duration.ofMillis(2500);

	private static final Duration HEARTBEAT = Duration.ofMillis(250);

	private static final String[] TIMINGS = { "dora.registry.ttl=" + TTL.toMillis() + "ms",
			"dora.registry.heartbeat-interval=" + HEARTBEAT.toMillis() + "ms" };

	private RedisFailoverScenario() {
	}

	/**
	 * @param redis the Redis the applications use
	 * @param prefix the key prefix
	 * @param group the group, whose keys live on the master {@code failover} kills
	 * @param follow the longest time the Redis client takes to send commands to a new master once it serves
	 * @param master the master that holds the group's keys, killed with SIGKILL
	 * @param failover waits for the master's successor
	 */
	static void run(RedisDeployment redis, String prefix, String group, Duration follow, RedisServerProcess master,
			Failover failover) throws Exception {
		try (ConfigurableApplicationContext a = provider(redis, prefix, "a", group);
				ConfigurableApplicationContext b = provider(redis, prefix, "b", group);
				ProviderProcess victim = ProviderProcess.start("victim",
						override(providerProperties(redis, prefix, "victim", group), TIMINGS));
				ConfigurableApplicationContext consumer = consumer(redis, prefix,
						"dora.registry.empty-group-grace-period=15s")) {
			awaitProviders(consumer, group, 3);
			RedisServiceDiscovery discovery = redisDiscovery(consumer);
			Set<String> live = Set.of(endpoint(a), endpoint(b));
			List<Set<String>> views = Collections.synchronizedList(new ArrayList<>());
			discovery.addListener((previous, current) -> views.add(endpoints(current)));
			DoraConnectionManager connections = consumer.getBean(DoraConnectionManager.class);
			DoraTemplate calls = template(consumer).withGroup(group);
			assertThat(whoAnswers(calls, 20)).containsOnlyKeys("a", "b", "victim");

			try (CallLoad load = CallLoad.start(3, () -> calls.call("/whoami", null, String.class))) {
				load.awaitMoreCalls(100);
				long killedAt = System.nanoTime();
				master.kill();
				victim.kill();
				Await.until("the client saw the victim's connection drop", () -> connections.openConnections() == 2);
				long victimGoneAt = System.nanoTime();
				RedisServerProcess successor = failover.awaitSuccessor();
				// No heartbeat could land for longer than a TTL: the new master has none of the group's records.
				assertThat(Duration.ofNanos(System.nanoTime() - killedAt)).isGreaterThan(TTL);

				Duration bound = follow.plusMillis(500).plus(HEARTBEAT).plusSeconds(1);
				for (ConfigurableApplicationContext provider : List.of(a, b)) {
					InstanceRecord record = provider.getBean(RedisRegistration.class).record();
					String key = prefix + ":{" + group + "}:instance:" + record.id();
					Await.until(record.endpoint() + " registered on the new master", bound,
							() -> "1".equals(command(successor, "EXISTS", key)));
				}
				Await.until("the victim left the view", Duration.ofSeconds(15),
						() -> endpoints(discovery.view(group)).equals(live), () -> discovery.view(group).toString());
				long resumed = Long.parseLong(command(successor, "HGET", prefix + ":{" + group + "}:heartbeats",
						"resumed"));
				assertThat(successor.timeMillis() - resumed).isBetween(TTL.toMillis(), TTL.toMillis() + 1000);
				load.awaitMoreCalls(100);
				load.close();

				assertThat(load.failures()).allSatisfy((failure) -> {
					assertThat(failure.startNanos()).isLessThan(victimGoneAt);
					assertThat(failure.code()).isEqualTo(DoraCodes.CONNECTION_CLOSED);
				});
				assertThat(load.outcomes()).filteredOn((outcome) -> outcome.startNanos() > victimGoneAt)
					.extracting(Outcome::answer).containsOnly("a", "b");
			}
			assertThat(views).isNotEmpty().allSatisfy((view) -> assertThat(view).containsAll(live));
			assertThat(a.getBean(RedisRegistration.class).failedAttempts()).isZero();
			assertThat(b.getBean(RedisRegistration.class).failedAttempts()).isZero();
			Await.until("the consumer subscribed again", () -> discovery.isSubscribed(group));
			// The dead master comes back as a replica, as an operator would bring it back; until then the Redis
			// clients keep trying to reach it.
			failover.restartFormerMaster();
		}
	}

	private static ConfigurableApplicationContext provider(RedisDeployment redis, String prefix, String name,
			String group) {
		return DoraTestApplications.run(DoraTestApplications.ProviderApplication.class,
				override(providerProperties(redis, prefix, name, group), TIMINGS));
	}

	private static Set<String> endpoints(DoraGroupView view) {
		return view.instances().stream().map((instance) -> instance.endpoint().toString()).collect(Collectors.toSet());
	}

	private static String command(RedisServerProcess node, String... arguments) {
		try {
			return String.valueOf(node.command(arguments));
		}
		catch (IOException | RuntimeException ex) {
			return ex.toString();
		}
	}

	/** How a test waits for the killed master's successor and brings the master back. */
	interface Failover {

		/** Waits until a replica has taken over and clients can find it; returns it. */
		RedisServerProcess awaitSuccessor() throws Exception;

		/** Starts the killed master again and waits until it is a replica of its successor. */
		void restartFormerMaster() throws Exception;

	}

}
