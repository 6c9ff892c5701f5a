package io.dora.test;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A real Redis Sentinel setup on this machine: a master, a replica and three Sentinels ({@code redis-server
 * --sentinel}), each a private process ({@link RedisServerProcess}) on a free loopback port in a temporary directory
 * of its own. Two Sentinels must agree that the master is down before the replica is promoted. {@link #close()} stops
 * every process.
 */
public final class RedisSentinel implements RedisDeployment, AutoCloseable {

	/** The name the Sentinels monitor the master under. */
	public static final String MASTER_NAME = "dora-test";

	private final RedisServerProcess master;

	private final RedisServerProcess replica;

	private final List<RedisServerProcess> sentinels;

	private RedisSentinel(RedisServerProcess master, RedisServerProcess replica, List<RedisServerProcess> sentinels) {
		this.master = master;
		this.replica = replica;
		this.sentinels = List.copyOf(sentinels);
	}

	/**
	 * Starts the master, its replica and three Sentinels; returns once the replica is in sync and every Sentinel
	 * knows the replica and the other Sentinels.
	 * @param downAfter {@code down-after-milliseconds}: how long the master may be unreachable before the Sentinels
	 * fail it over (Redis's default is 30 s; tests want a failover of seconds)
	 */
	public static RedisSentinel start(Duration downAfter) {
		List<String> fastSync = List.of("--repl-diskless-sync", "yes", "--repl-diskless-sync-delay", "0");
		List<RedisServerProcess> started = new ArrayList<>();
		try {
			RedisServerProcess master = RedisServerProcess.startPrivate(null, fastSync);
			started.add(master);
			List<String> replicaOptions = new ArrayList<>(fastSync);
			replicaOptions.addAll(List.of("--replicaof", master.host(), String.valueOf(master.port())));
			RedisServerProcess replica = RedisServerProcess.startPrivate(null, replicaOptions);
			started.add(replica);
			String configuration = String.join("\n",
					"sentinel monitor " + MASTER_NAME + " " + master.host() + " " + master.port() + " 2",
					"sentinel down-after-milliseconds " + MASTER_NAME + " " + downAfter.toMillis(),
					"sentinel failover-timeout " + MASTER_NAME + " 10000",
					"sentinel parallel-syncs " + MASTER_NAME + " 1", "");
			List<RedisServerProcess> sentinels = new ArrayList<>();
			for (int i = 0; i < 3; i++) {
				RedisServerProcess sentinel = RedisServerProcess.startPrivate(configuration, List.of("--sentinel"));
				started.add(sentinel);
				sentinels.add(sentinel);
			}
			RedisSentinel setup = new RedisSentinel(master, replica, sentinels);
			Await.until("the replica in sync and known to every Sentinel, with the other Sentinels",
					Duration.ofSeconds(60), setup::isReady, setup::describe);
			return setup;
		}
		catch (RuntimeException | Error ex) {
			started.forEach(RedisServerProcess::close);
			throw ex;
		}
	}

	/** The master as the setup was started (a failover promotes {@link #replica()}). */
	public RedisServerProcess master() {
		return this.master;
	}

	public RedisServerProcess replica() {
		return this.replica;
	}

	/**
	 * Starts the killed master again, as an operator would after a crash: the Sentinels turn it into a replica of
	 * the master they promoted. Returns once it is in sync.
	 */
	public void restartFormerMaster() throws IOException {
		this.master.start();
		Await.until("the former master back as a replica", Duration.ofSeconds(60), () -> {
			try {
				String replication = String.valueOf(this.master.command("INFO", "replication"));
				return replication.contains("role:slave") && replication.contains("master_link_status:up");
			}
			catch (IOException | RuntimeException ex) {
				return false;
			}
		}, this::describe);
	}

	/** The value of {@code spring.data.redis.sentinel.nodes}. */
	public String nodesProperty() {
		return this.sentinels.stream().map((node) -> node.host() + ":" + node.port()).collect(Collectors.joining(","));
	}

	@Override
	public String[] springProperties() {
		return new String[] { "spring.data.redis.sentinel.master=" + MASTER_NAME,
				"spring.data.redis.sentinel.nodes=" + nodesProperty() };
	}

	/** The port of the master every Sentinel reports now, or -1 while they disagree. */
	public int currentMasterPort() {
		int port = -1;
		for (RedisServerProcess sentinel : this.sentinels) {
			try {
				List<?> address = (List<?>) sentinel.command("SENTINEL", "GET-MASTER-ADDR-BY-NAME", MASTER_NAME);
				int reported = Integer.parseInt((String) address.get(1));
				if (port != -1 && port != reported) {
					return -1;
				}
				port = reported;
			}
			catch (IOException | RuntimeException ex) {
				return -1;
			}
		}
		return port;
	}

	/** Every Sentinel's view of the master, for failure messages. */
	public String describe() {
		StringBuilder text = new StringBuilder();
		for (RedisServerProcess sentinel : this.sentinels) {
			try {
				text.append("\n").append(sentinel.port()).append(": ")
					.append(sentinel.command("SENTINEL", "MASTER", MASTER_NAME));
			}
			catch (IOException | RuntimeException ex) {
				text.append("\n").append(sentinel.port()).append(": ").append(ex.getMessage());
			}
		}
		return text.toString();
	}

	@Override
	public void close() {
		this.sentinels.forEach(RedisServerProcess::close);
		this.replica.close();
		this.master.close();
	}

	private boolean isReady() {
		try {
			if (!String.valueOf(this.replica.command("INFO", "replication")).contains("master_link_status:up")) {
				return false;
			}
			for (RedisServerProcess sentinel : this.sentinels) {
				List<?> fields = (List<?>) sentinel.command("SENTINEL", "MASTER", MASTER_NAME);
				if (!"1".equals(field(fields, "num-slaves")) || !"2".equals(field(fields, "num-other-sentinels"))) {
					return false;
				}
			}
			return true;
		}
		catch (IOException | RuntimeException ex) {
			return false;
		}
	}

	private static String field(List<?> fields, String name) {
		for (int i = 0; i + 1 < fields.size(); i += 2) {
			if (name.equals(fields.get(i))) {
				return String.valueOf(fields.get(i + 1));
			}
		}
		return null;
	}

}
