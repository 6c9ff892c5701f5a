package io.dora.discovery.redis;

/**
 * Names of the Redis keys and channels of the registry. Every name of a group carries the group in braces, a Redis
 * Cluster hash tag, so that a group's index, instance records and scripts stay in one slot.
 *
 * <pre>
 * &lt;prefix&gt;:{&lt;group&gt;}:instances        sorted set: instance ids, scored by last heartbeat (epoch ms)
 * &lt;prefix&gt;:{&lt;group&gt;}:instance:&lt;id&gt;   string: the instance record as JSON, expiring after the TTL
 * &lt;prefix&gt;:{&lt;group&gt;}:heartbeats       hash: when the group's last heartbeat landed, when heartbeats resumed
 * &lt;prefix&gt;:{&lt;group&gt;}:changes          channel: a message on registration, draining and deregistration
 * </pre>
 */
public final class RedisRegistryKeys {

	private final String prefix;

	public RedisRegistryKeys(String prefix) {
		if (prefix == null || prefix.isBlank()) {
			throw new IllegalArgumentException("The key prefix must not be empty");
		}
		this.prefix = prefix;
	}

	public String prefix() {
		return this.prefix;
	}

	/** The sorted set of a group's instance ids. */
	public String index(String group) {
		return base(group) + ":instances";
	}

	/** The record of one instance in one group. */
	public String instance(String group, String instanceId) {
		return base(group) + ":instance:" + instanceId;
	}

	/**
	 * The group's heartbeat clock: when its last heartbeat landed, and when heartbeats resumed after Redis could not
	 * take them (a failover, a restart, a pause).
	 */
	public String heartbeats(String group) {
		return base(group) + ":heartbeats";
	}

	/** The channel change notifications of a group are published on. */
	public String channel(String group) {
		return base(group) + ":changes";
	}

	/** The group a channel of {@link #channel(String)} belongs to, or {@code null}. */
	public String groupOfChannel(String channel) {
		String start = this.prefix + ":{";
		String end = "}:changes";
		if (channel.startsWith(start) && channel.endsWith(end) && channel.length() > start.length() + end.length()) {
			return channel.substring(start.length(), channel.length() - end.length());
		}
		return null;
	}

	private String base(String group) {
		if (group == null || group.isEmpty() || group.indexOf('{') >= 0 || group.indexOf('}') >= 0) {
			throw new IllegalArgumentException("Invalid group name '" + group + "': must be non-empty without braces");
		}
		return this.prefix + ":{" + group + "}";
	}

}
