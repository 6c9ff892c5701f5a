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
	 * Writes an instance record with its TTL, adds it to the group's index (scored by the time of this heartbeat)
	 * and keeps the index alive as long as one member is. Publishes a change only when the record is new or
	 * different, so a plain heartbeat costs consumers nothing. Returns 0 refreshed, 1 created, 2 changed.
	 */
	private static final RedisScript<Long> HEARTBEAT = RedisScript.of("""
			local previous = redis.call('GET', KEYS[2])
			redis.call('SET', KEYS[2], ARGV[2], 'PX', ARGV[3])
			redis.call('ZADD', KEYS[1], ARGV[4], ARGV[1])
			if redis.call('PTTL', KEYS[1]) < tonumber(ARGV[3]) then
				redis.call('PEXPIRE', KEYS[1], ARGV[3])
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
	private static final RedisScript<Long> DEREGISTER = RedisScript.of("""
			local removed = redis.call('DEL', KEYS[2])
			redis.call('ZREM', KEYS[1], ARGV[1])
			redis.call('PUBLISH', ARGV[2], ARGV[3])
			return removed
			""", Long.class);

	/**
	 * Reads the records named by KEYS[2..n] with their remaining TTL, and removes from the index (KEYS[1]) the ids
	 * (ARGV, same order) whose record has expired: readers keep the index clean, no monitor process is needed.
	 * Returns record, ttl, record, ttl, ...
	 */
	@SuppressWarnings("rawtypes")
	private static final RedisScript<List> READ = RedisScript.of("""
			local result = {}
			for i = 2, #KEYS do
				local record = redis.call('GET', KEYS[i])
				if record then
					result[#result + 1] = record
					result[#result + 1] = tostring(redis.call('PTTL', KEYS[i]))
				else
					redis.call('ZREM', KEYS[1], ARGV[i - 1])
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
	 * @return what the heartbeat found in Redis
	 */
	public HeartbeatOutcome heartbeat(String group, InstanceRecord record, Duration ttl) {
		String event = record.draining() ? "draining" : "registered";
		Long outcome = this.redis.execute(HEARTBEAT,
				List.of(this.keys.index(group), this.keys.instance(group, record.id())), record.id(),
				this.codec.write(record), String.valueOf(ttl.toMillis()), String.valueOf(System.currentTimeMillis()),
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
			return new GroupRead(List.of(), -1, 0);
		}
		List<String> scriptKeys = new ArrayList<>(ids.size() + 1);
		scriptKeys.add(index);
		ids.forEach((id) -> scriptKeys.add(this.keys.instance(group, id)));
		List<?> reply = this.redis.execute(READ, scriptKeys, ids.toArray());
		List<InstanceRecord> records = new ArrayList<>();
		long shortestTtl = -1;
		int unreadable = 0;
		for (int i = 0; reply != null && i + 1 < reply.size(); i += 2) {
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
		return new GroupRead(List.copyOf(records), shortestTtl, unreadable);
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
	 */
	public record GroupRead(List<InstanceRecord> records, long shortestTtlMillis, int unreadable) {

	}

}
