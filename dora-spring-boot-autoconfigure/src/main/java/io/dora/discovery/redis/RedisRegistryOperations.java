package io.dora.discovery.redis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;

/**
 * The registry's Redis commands. Writes are Lua scripts, so that a record, its index entry and the change
 * notification happen together; every script touches the keys of one group only, which share a Redis Cluster slot.
 */
public class RedisRegistryOperations {

	private static final Log logger = LogFactory.getLog(RedisRegistryOperations.class);

	/**
	 * The time of the Redis server in epoch milliseconds, and the replication id of the node that runs the script
	 * (empty where {@code INFO} is not allowed in scripts): a promoted replica or a restarted server has a new one.
	 */
	private static final String CLOCK = """
			local time = redis.call('TIME')
			local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
			local info = redis.pcall('INFO', 'replication')
			local replid = (type(info) == 'string') and string.match(info, 'master_replid:(%w+)') or ''
			""";

	/**
	 * Writes an instance record with its TTL, adds it to the group's index (scored by the time of this heartbeat)
	 * and keeps the index alive as long as one member is. Publishes a change only when the record is new or
	 * different, so a plain heartbeat costs consumers nothing. Returns 0 refreshed, 1 created, 2 changed.
	 * <p>
	 * It also keeps the group's heartbeat clock (KEYS[3]): when the last heartbeat landed, and when heartbeats
	 * resumed after Redis could not take them: after a gap long enough for a record to expire (ARGV[4], the TTL less
	 * the heartbeat interval), on a node with another replication id than the last one (a replica took over, or
	 * Redis restarted), or when the clock itself was gone. Readers keep providers whose records went missing then.
	 */
	static final RedisScript<Long> HEARTBEAT = RedisScript.of(CLOCK + """
			local ttl = tonumber(ARGV[3])
			local clock = redis.call('HMGET', KEYS[3], 'last', 'replid')
			if not clock[1] or now - tonumber(clock[1]) > tonumber(ARGV[4]) or clock[2] ~= replid then
				redis.call('HSET', KEYS[3], 'resumed', now)
			end
			redis.call('HSET', KEYS[3], 'last', now, 'pause', ARGV[4], 'ttl', ttl, 'replid', replid)
			local previous = redis.call('GET', KEYS[2])
			redis.call('SET', KEYS[2], ARGV[2], 'PX', ttl)
			redis.call('ZADD', KEYS[1], now, ARGV[1])
			for i = 1, 3, 2 do
				if redis.call('PTTL', KEYS[i]) < ttl then
					redis.call('PEXPIRE', KEYS[i], ttl)
				end
			end
			if previous == ARGV[2] then
				return 0
			end
			redis.call('PUBLISH', ARGV[5], ARGV[6])
			if previous then
				return 2
			end
			return 1
			""", Long.class);

	/** Deletes an instance record and its index entry and publishes the change. Returns 1 if the record existed. */
	static final RedisScript<Long> DEREGISTER = RedisScript.of("""
			local removed = redis.call('DEL', KEYS[2])
			redis.call('ZREM', KEYS[1], ARGV[1])
			redis.call('PUBLISH', ARGV[2], ARGV[3])
			return removed
			""", Long.class);

	/**
	 * Reads the records named by KEYS[3..n] with their remaining TTL, and removes from the index (KEYS[1]) the ids
	 * (ARGV, same order) whose record has expired: readers keep the index clean, no monitor process is needed.
	 * Returns first how long, in ms, records missing now may still belong to live providers that have not written
	 * them again since heartbeats resumed (the group's clock, KEYS[2]): what is left of the TTL after heartbeats
	 * resumed, or a whole TTL while they are paused or have not landed on this node yet; then record, ttl, record,
	 * ttl, ...
	 */
	@SuppressWarnings("rawtypes")
	static final RedisScript<List> READ = RedisScript.of(CLOCK + """
			local result = { 0 }
			local clock = redis.call('HMGET', KEYS[2], 'last', 'resumed', 'pause', 'ttl', 'replid')
			if clock[1] and clock[2] and clock[3] and clock[4] then
				local ttl = tonumber(clock[4])
				if now - tonumber(clock[1]) > tonumber(clock[3]) or clock[5] ~= replid then
					result[1] = ttl
				else
					result[1] = math.max(0, tonumber(clock[2]) + ttl - now)
				end
			end
			for i = 3, #KEYS do
				local record = redis.call('GET', KEYS[i])
				if record then
					result[#result + 1] = record
					result[#result + 1] = tostring(redis.call('PTTL', KEYS[i]))
				else
					redis.call('ZREM', KEYS[1], ARGV[i - 2])
				end
			end
			return result
			""", List.class);

	private final StringRedisTemplate redis;

	private final RedisRegistryKeys keys;

	private final InstanceRecordCodec codec;

	public RedisRegistryOperations(StringRedisTemplate redis, RedisRegistryKeys keys, InstanceRecordCodec codec) {
		this.redis = redis;
		this.keys = keys;
		this.codec = codec;
	}

	public RedisRegistryKeys keys() {
		return this.keys;
	}

	public InstanceRecordCodec codec() {
		return this.codec;
	}

	/**
	 * Writes or refreshes the record of an instance in a group.
	 * @param ttl how long the record lives unless refreshed
	 * @param interval the time between two heartbeats of this provider, shorter than the TTL
	 * @return what the heartbeat found in Redis
	 */
	public HeartbeatOutcome heartbeat(String group, InstanceRecord record, Duration ttl, Duration interval) {
		String event = record.draining() ? "draining" : "registered";
		// A pause of the group's heartbeats longer than this lets a record expire although its provider lives.
		long pause = Math.max(1, ttl.toMillis() - interval.toMillis());
		Long outcome = this.redis.execute(HEARTBEAT,
				List.of(this.keys.index(group), this.keys.instance(group, record.id()), this.keys.heartbeats(group)),
				record.id(), this.codec.write(record), String.valueOf(ttl.toMillis()), String.valueOf(pause),
				this.keys.channel(group), message(event, record.id()));
		return HeartbeatOutcome.of(outcome);
	}

	/**
	 * Removes an instance from a group.
	 * @return whether its record still existed
	 */
	public boolean deregister(String group, String instanceId) {
		Long removed = this.redis.execute(DEREGISTER,
				List.of(this.keys.index(group), this.keys.instance(group, instanceId)), instanceId,
				this.keys.channel(group), message("deregistered", instanceId));
		return removed != null && removed > 0;
	}

	/** The live instances of a group, pruning index entries whose record expired. */
	public GroupRead read(String group) {
		String index = this.keys.index(group);
		Set<String> ids = this.redis.opsForZSet().range(index, 0, -1);
		if (ids == null || ids.isEmpty()) {
			return new GroupRead(List.of(), -1, 0, 0);
		}
		List<String> scriptKeys = new ArrayList<>(ids.size() + 2);
		scriptKeys.add(index);
		scriptKeys.add(this.keys.heartbeats(group));
		ids.forEach((id) -> scriptKeys.add(this.keys.instance(group, id)));
		List<?> reply = this.redis.execute(READ, scriptKeys, ids.toArray());
		long resuming = (reply != null && !reply.isEmpty()) ? Long.parseLong(String.valueOf(reply.get(0))) : 0;
		List<InstanceRecord> records = new ArrayList<>();
		long shortestTtl = -1;
		int unreadable = 0;
		for (int i = 1; reply != null && i + 1 < reply.size(); i += 2) {
			try {
				records.add(this.codec.read(String.valueOf(reply.get(i))));
				long ttl = Long.parseLong(String.valueOf(reply.get(i + 1)));
				if (ttl >= 0 && (shortestTtl < 0 || ttl < shortestTtl)) {
					shortestTtl = ttl;
				}
			}
			catch (IllegalArgumentException ex) {
				unreadable++;
				logger.warn("Ignoring an unreadable Dora instance record in group '" + group + "': " + ex.getMessage());
			}
		}
		return new GroupRead(List.copyOf(records), shortestTtl, unreadable, resuming);
	}

	private String message(String event, String instanceId) {
		return this.codec.mapper().writeValueAsString(new ChangeMessage(event, instanceId));
	}

	/**
	 * The message published on a group's channel. Consumers treat any message as "re-read the group".
	 *
	 * @param event registered, draining or deregistered
	 * @param id the instance id
	 */
	record ChangeMessage(String event, String id) {

	}

	/** What a heartbeat found. */
	public enum HeartbeatOutcome {

		/** The same record was there: only its TTL was renewed. */
		REFRESHED,

		/** No record was there: it expired, was deleted, or Redis lost its data. */
		CREATED,

		/** A different record was there, for example before the provider started draining. */
		CHANGED;

		static HeartbeatOutcome of(Long code) {
			if (code == null || code == 0) {
				return REFRESHED;
			}
			return (code == 1) ? CREATED : CHANGED;
		}

	}

	/**
	 * The result of reading a group.
	 *
	 * @param records the instances whose records exist
	 * @param shortestTtlMillis the smallest remaining TTL among them, or -1 when there are none
	 * @param unreadable the number of records that could not be parsed and were skipped
	 * @param resumingMillis how much longer a record missing now may belong to a live provider that has not written
	 * it again since Redis took heartbeats again (after a failover, a restart or a pause long enough for records to
	 * expire); 0 when the group's heartbeats have run without a pause for a whole TTL
	 */
	public record GroupRead(List<InstanceRecord> records, long shortestTtlMillis, int unreadable,
			long resumingMillis) {

	}

}
