package io.dora.test;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * A real Redis Cluster on this machine: private {@code redis-server} processes ({@link RedisServerProcess}) on free
 * loopback ports, each in a temporary directory of its own, with {@code cluster-enabled yes}. It is formed with
 * {@code CLUSTER} commands as {@code redis-cli --cluster create} would form it (slots spread evenly over the masters,
 * every node met, replicas attached), so it needs nothing but a {@code redis-server} binary; Redis 6.2, the one
 * embedded-redis ships, is enough. {@link #close()} stops every node.
 */
public final class RedisCluster implements RedisDeployment, AutoCloseable {

	private static final int SLOTS = 16384;

	private final List<RedisServerProcess> nodes;

	private final Duration nodeTimeout;

	private RedisCluster(List<RedisServerProcess> nodes, Duration nodeTimeout) {
		this.nodes = List.copyOf(nodes);
		this.nodeTimeout = nodeTimeout;
	}

	/**
	 * Starts and forms a cluster; returns once every node reports {@code cluster_state:ok} and every replica is in
	 * sync with its master.
	 * @param masters the number of masters, over which the slots are spread
	 * @param replicasPerMaster the replicas of each master
	 * @param nodeTimeout {@code cluster-node-timeout}: how long a master may be unreachable before its replica takes
	 * over (Redis's default is 15 s; tests want a failover of seconds)
	 */
	public static RedisCluster start(int masters, int replicasPerMaster, Duration nodeTimeout) throws IOException {
		List<String> options = List.of("--cluster-enabled", "yes", "--cluster-config-file", "nodes.conf",
				"--cluster-node-timeout", String.valueOf(nodeTimeout.toMillis()), "--repl-diskless-sync", "yes",
				"--repl-diskless-sync-delay", "0");
		List<RedisServerProcess> nodes = new ArrayList<>();
		try {
			for (int i = 0; i < masters * (1 + replicasPerMaster); i++) {
				nodes.add(RedisServerProcess.startPrivate(null, options));
			}
			RedisCluster formed = new RedisCluster(nodes, nodeTimeout);
			formed.form(masters, replicasPerMaster);
			return formed;
		}
		catch (IOException | RuntimeException | Error ex) {
			nodes.forEach(RedisServerProcess::close);
			throw ex;
		}
	}

	/** Every node, masters first as they were formed (a failover changes roles, not this list). */
	public List<RedisServerProcess> nodes() {
		return this.nodes;
	}

	/** The value of {@code spring.data.redis.cluster.nodes}: every node, {@code host:port,...}. */
	public String nodesProperty() {
		return this.nodes.stream().map((node) -> node.host() + ":" + node.port()).collect(Collectors.joining(","));
	}

	/**
	 * Spring Boot properties for this cluster, with the topology refresh DISCOVERY.md recommends: without a periodic
	 * refresh, Lettuce keeps sending a slot's commands to its dead master after a replica took over.
	 */
	@Override
	public String[] springProperties() {
		return new String[] { "spring.data.redis.cluster.nodes=" + nodesProperty(),
				"spring.data.redis.lettuce.cluster.refresh.adaptive=true",
				"spring.data.redis.lettuce.cluster.refresh.period=1s" };
	}

	/** The hash slot of a key, as the cluster computes it. */
	public int slot(String key) throws IOException {
		return Integer.parseInt((String) anyLiveNode().command("CLUSTER", "KEYSLOT", key));
	}

	/** The node that serves a slot now, as a live node sees it. */
	public RedisServerProcess masterOf(int slot) throws IOException {
		return owner(clusterNodes(anyLiveNode()), slot);
	}

	/** The replicas of a master, as a live node sees them. */
	public List<RedisServerProcess> replicasOf(RedisServerProcess master) throws IOException {
		List<NodeLine> lines = clusterNodes(anyLiveNode());
		String masterId = lines.stream().filter((line) -> line.port == master.port()).findFirst().orElseThrow().id;
		return lines.stream().filter((line) -> masterId.equals(line.masterId)).map(this::process).toList();
	}

	/**
	 * Sends a command to the master of the slot of {@code key}, as a cluster client would after following MOVED.
	 */
	public Object command(String key, String... arguments) throws IOException {
		return masterOf(slot(key)).command(arguments);
	}

	/**
	 * Waits until every live node agrees that a live master other than {@code former} serves the slot and the cluster
	 * is healthy again: the failover is over.
	 * @return the new master
	 */
	public RedisServerProcess awaitFailover(int slot, RedisServerProcess former, Duration timeout) {
		RedisServerProcess[] current = new RedisServerProcess[1];
		Await.until("a replica serves slot " + slot + " instead of " + former, timeout, () -> {
			try {
				RedisServerProcess owner = null;
				for (RedisServerProcess node : liveNodes()) {
					RedisServerProcess seen = owner(clusterNodes(node), slot);
					if (seen == null || seen == former || !seen.isRunning() || (owner != null && seen != owner)
							|| !clusterInfo(node).contains("cluster_state:ok")) {
						return false;
					}
					owner = seen;
				}
				current[0] = owner;
				return owner != null;
			}
			catch (IOException | RuntimeException ex) {
				return false;
			}
		}, this::describe);
		return current[0];
	}

	/**
	 * Starts a killed node again, as an operator would after a crash: it keeps its cluster configuration, finds that
	 * a replica took over its slots, and joins as that replica's replica. Returns once every node sees it so and it
	 * is in sync.
	 */
	public void restart(RedisServerProcess node) throws IOException {
		node.start();
		Await.until(node + " back as a replica", Duration.ofSeconds(60), () -> {
			try {
				for (RedisServerProcess other : this.nodes) {
					if (clusterNodes(other).stream().noneMatch((line) -> line.port == node.port()
							&& line.flags.contains("slave") && !line.flags.contains("fail"))
							|| !clusterInfo(other).contains("cluster_state:ok")) {
						return false;
					}
				}
				return String.valueOf(node.command("INFO", "replication")).contains("master_link_status:up");
			}
			catch (IOException | RuntimeException ex) {
				return false;
			}
		}, this::describe);
	}

	/** {@code CLUSTER NODES} as a live node sees it, for failure messages. */
	public String describe() {
		try {
			return "\n" + anyLiveNode().command("CLUSTER", "NODES");
		}
		catch (IOException | RuntimeException ex) {
			return "(no live node answers: " + ex.getMessage() + ")";
		}
	}

	/** {@code cluster-node-timeout}. */
	public Duration nodeTimeout() {
		return this.nodeTimeout;
	}

	@Override
	public void close() {
		this.nodes.forEach(RedisServerProcess::close);
	}

	@Override
	public String toString() {
		return "Redis Cluster " + nodesProperty();
	}

	private void form(int masters, int replicasPerMaster) throws IOException {
		// Distinct config epochs, as redis-cli sets them: a failover needs no epoch collision to be resolved first.
		for (int i = 0; i < this.nodes.size(); i++) {
			this.nodes.get(i).command("CLUSTER", "SET-CONFIG-EPOCH", String.valueOf(i + 1));
		}
		for (int i = 0; i < masters; i++) {
			int first = i * SLOTS / masters;
			int last = (i + 1) * SLOTS / masters - 1;
			List<String> command = new ArrayList<>(List.of("CLUSTER", "ADDSLOTS"));
			for (int slot = first; slot <= last; slot++) {
				command.add(String.valueOf(slot));
			}
			this.nodes.get(i).command(command.toArray(String[]::new));
		}
		RedisServerProcess first = this.nodes.get(0);
		for (RedisServerProcess node : this.nodes.subList(1, this.nodes.size())) {
			first.command("CLUSTER", "MEET", node.host(), String.valueOf(node.port()));
		}
		Await.until("every node knows every other", Duration.ofSeconds(30), () -> this.nodes.stream()
			.allMatch((node) -> knowsAll(node)), this::describe);
		for (int i = 0; i < masters; i++) {
			String masterId = (String) this.nodes.get(i).command("CLUSTER", "MYID");
			for (int r = 0; r < replicasPerMaster; r++) {
				this.nodes.get(masters + i * replicasPerMaster + r).command("CLUSTER", "REPLICATE", masterId);
			}
		}
		Await.until("the cluster is formed and its replicas in sync", Duration.ofSeconds(60),
				() -> isFormed(masters, replicasPerMaster), this::describe);
	}

	private boolean knowsAll(RedisServerProcess node) {
		try {
			List<NodeLine> lines = clusterNodes(node);
			return lines.size() == this.nodes.size() && lines.stream().noneMatch((line) -> line.flags.contains("handshake"));
		}
		catch (IOException | RuntimeException ex) {
			return false;
		}
	}

	private boolean isFormed(int masters, int replicasPerMaster) {
		try {
			for (RedisServerProcess node : this.nodes) {
				List<NodeLine> lines = clusterNodes(node);
				long replicas = lines.stream().filter((line) -> line.flags.contains("slave")).count();
				if (!clusterInfo(node).contains("cluster_state:ok") || replicas != (long) masters * replicasPerMaster) {
					return false;
				}
			}
			for (RedisServerProcess replica : this.nodes.subList(masters, this.nodes.size())) {
				if (!String.valueOf(replica.command("INFO", "replication")).contains("master_link_status:up")) {
					return false;
				}
			}
			return true;
		}
		catch (IOException | RuntimeException ex) {
			return false;
		}
	}

	private RedisServerProcess anyLiveNode() {
		return liveNodes().stream().findFirst().orElseThrow(() -> new IllegalStateException("No node is running"));
	}

	private List<RedisServerProcess> liveNodes() {
		return this.nodes.stream().filter(RedisServerProcess::isRunning).toList();
	}

	private RedisServerProcess owner(List<NodeLine> lines, int slot) {
		return lines.stream()
			.filter((line) -> line.flags.contains("master") && !line.flags.contains("fail") && line.serves(slot))
			.map(this::process)
			.findFirst()
			.orElse(null);
	}

	private RedisServerProcess process(NodeLine line) {
		Map<Integer, RedisServerProcess> byPort = this.nodes.stream()
			.collect(Collectors.toMap(RedisServerProcess::port, Function.identity()));
		return Objects.requireNonNull(byPort.get(line.port), () -> "Unknown node " + line);
	}

	private static String clusterInfo(RedisServerProcess node) throws IOException {
		return String.valueOf(node.command("CLUSTER", "INFO"));
	}

	private static List<NodeLine> clusterNodes(RedisServerProcess node) throws IOException {
		return String.valueOf(node.command("CLUSTER", "NODES")).lines().filter((line) -> !line.isBlank())
			.map(NodeLine::parse).toList();
	}

	/**
	 * One line of {@code CLUSTER NODES}: {@code <id> <ip:port@cport> <flags> <master> <ping> <pong> <epoch> <link>
	 * <slot> <slot> ...}.
	 */
	private record NodeLine(String id, int port, List<String> flags, String masterId, List<int[]> slots) {

		static NodeLine parse(String text) {
			String[] fields = text.trim().split(" ");
			String address = fields[1].substring(0, fields[1].indexOf('@'));
			int port = Integer.parseInt(address.substring(address.lastIndexOf(':') + 1));
			List<int[]> slots = new ArrayList<>();
			for (String range : Arrays.asList(fields).subList(8, fields.length)) {
				if (!range.startsWith("[")) {
					String[] bounds = range.split("-");
					int low = Integer.parseInt(bounds[0]);
					slots.add(new int[] { low, (bounds.length > 1) ? Integer.parseInt(bounds[1]) : low });
				}
			}
			return new NodeLine(fields[0], port, List.of(fields[2].split(",")), "-".equals(fields[3]) ? null : fields[3],
					slots);
		}

		boolean serves(int slot) {
			return this.slots.stream().anyMatch((range) -> range[0] <= slot && slot <= range[1]);
		}

	}

}
