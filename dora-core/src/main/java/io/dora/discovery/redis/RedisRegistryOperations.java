package io.dora.discovery.redis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;

/**
 * The registry's Redis commands. Writes are Lua scripts, so that a record, its index entry and the change
 * notification happen together; every script touches the keys of one group only, which share a Redis Cluster slot,
 * and declares them all: {@code KEYS[1]} the group's index, {@code KEYS[2]} its heartbeat clock, then records.
 * <p>
 * The index scores every instance id with the time its record expires unless refreshed (the Redis server's clock,
 * epoch ms), so that a consumer finds the records that expired since it last looked with one range query, whatever
 * the size of the group. Entries stay in the index for {@link #EXPIRED_KEPT} after their record expired, so that
 * every consumer sees them go, and are then removed by consumers' checks.
 */
public class RedisRegistryOperations {

	/** How long an index entry outlives its expired record; a consumer that has not checked for half this reads all. */
	public static final Duration EXPIRED_KEPT = Duration.ofMinutes(10);

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
	 * What a reader learns from the group's heartbeat clock (KEYS[2]): {@code resuming}, how long, in ms, records
	 * missing now may still belong to live providers that have not written them again since heartbeats resumed (what
	 * is left of the TTL after heartbeats resumed, or a whole TTL while they are paused or have not landed on this
	 * node yet); and {@code changes}, the count of registrations, changes and deregistrations in the group, with the
	 * time the clock was created, so that a count that starts again with a new clock differs from any earlier one.
	 */
	private static final String STATE = """
			local clock = redis.call('HMGET', KEYS[2], 'last', 'resumed', 'pause', 'ttl', 'replid', 'changes', 'since')
			local resuming = 0
			if clock[1] and clock[2] and clock[3] and clock[4] then
				local ttl = tonumber(clock[4])
				if now - tonumber(clock[1]) > tonumber(clock[3]) or clock[5] ~= replid then
					resuming = ttl
				else
					resuming = math.max(0, tonumber(clock[2]) + ttl - now)
				end
			end
			local changes = (clock[7] or '-') .. ':' .. (clock[6] or '0')
			""";

	/**
	 * Writes an instance record (KEYS[3]) with its TTL, scores it in the group's index with its expiry, and keeps
	 * the clock alive as long as one member is, and the index for {@link #EXPIRED_KEPT} (ARGV[7]) longer. A new or
	 * different record counts as a change and is published, so a plain heartbeat costs consumers nothing. Returns 0
	 * refreshed, 1 created, 2 changed.
	 * <p>
	 * It also keeps the group's heartbeat clock: when the last heartbeat landed, and when heartbeats resumed after
	 * Redis could not take them: after a gap long enough for a record to expire (ARGV[4], the TTL less the heartbeat
	 * interval), on a node with another replication id than the last one (a replica took over, or Redis restarted),
	 * or when the clock itself was gone. Readers keep providers whose records went missing then.
	 */
	static final RedisScript<Long> HEARTBEAT = RedisScript.of(CLOCK + """
			local ttl = tonumber(ARGV[3])
			local clock = redis.call('HMGET', KEYS[2], 'last', 'replid')
			if not clock[1] then
				redis.call('HSET', KEYS[2], 'since', now)
			end
			if not clock[1] or now - tonumber(clock[1]) > tonumber(ARGV[4]) or clock[2] ~= replid then
				redis.call('HSET', KEYS[2], 'resumed', now)
			end
			redis.call('HSET', KEYS[2], 'last', now, 'pause', ARGV[4], 'ttl', ttl, 'replid', replid)
			local previous = redis.call('GET', KEYS[3])
			redis.call('SET', KEYS[3], ARGV[2], 'PX', ttl)
			redis.call('ZADD', KEYS[1], now + ttl, ARGV[1])
			local lifetimes = { ttl + tonumber(ARGV[7]), ttl }
			for i = 1, 2 do
				if redis.call('PTTL', KEYS[i]) < lifetimes[i] then
					redis.call('PEXPIRE', KEYS[i], lifetimes[i])
				end
			end
			if previous == ARGV[2] then
				return 0
			end
			redis.call('HINCRBY', KEYS[2], 'changes', 1)
			redis.call('PUBLISH', ARGV[5], ARGV[6])
			if previous then
				return 2
			end
			return 1
			""", Long.class);

	/**
	 * Deletes an instance record (KEYS[3]) and its index entry, counts the change and publishes it. Returns 1 if the
	 * record existed.
	 */
	static final RedisScript<Long> DEREGISTER = RedisScript.of("""
			local removed = redis.call('DEL', KEYS[3])
			redis.call('ZREM', KEYS[1], ARGV[1])
			if redis.call('EXISTS', KEYS[2]) == 1 then
				redis.call('HINCRBY', KEYS[2], 'changes', 1)
			end
			redis.call('PUBLISH', ARGV[2], ARGV[3])
			return removed
			""", Long.class);

	/**
	 * Reads the records named by KEYS[3..n] with their remaining TTL. Returns the clock's {@code resuming} and
	 * {@code changes}, then record, ttl, record, ttl, ... for the records that exist.
	 */
	@SuppressWarnings("rawtypes")
	static final RedisScript<List> READ = RedisScript.of(CLOCK + STATE + """
			local result = { resuming, changes }
			for i = 3, #KEYS do
				local record = redis.call('GET', KEYS[i])
				if record then
					result[#result + 1] = record
					result[#result + 1] = tostring(redis.call('PTTL', KEYS[i]))
				end
			end
			return result
			""", List.class);

	/**
	 * Finds what expired in a group without reading it: the ids whose record has expired (scored up to now), and
	 * when the next record expires; removes entries expired for longer than ARGV[1] ms. Returns the clock's
	 * {@code resuming} and {@code changes}, the ms until the next expiry (-1 when none), then the expired ids.
	 */
	@SuppressWarnings("rawtypes")
	static final RedisScript<List> CHECK = RedisScript.of(CLOCK + STATE + """
			redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - tonumber(ARGV[1]))
			local result = { resuming, changes, -1 }
			local next = redis.call('ZRANGEBYSCORE', KEYS[1], '(' .. now, '+inf', 'WITHSCORES', 'LIMIT', 0, 1)
			if next[2] then
				result[3] = tonumber(next[2]) - now
			end
			for _, id in ipairs(redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', now)) do
				result[#result + 1] = id
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
		Long outcome = this.redis.execute(HEARTBEAT, groupKeys(group, record.id()), record.id(),
				this.codec.write(record), String.valueOf(ttl.toMillis()), String.valueOf(pause),
				this.keys.channel(group), message(event, record.id()), String.valueOf(EXPIRED_KEPT.toMillis()));
		return HeartbeatOutcome.of(outcome);
	}

	/**
	 * Removes an instance from a group.
	 * @return whether its record still existed
	 */
	public boolean deregister(String group, String instanceId) {
		Long removed = this.redis.execute(DEREGISTER, groupKeys(group, instanceId), instanceId,
				this.keys.channel(group), message("deregistered", instanceId));
		return removed != null && removed > 0;
	}

	/** The live instances of a group: every record its index names. */
	public GroupRead read(String group) {
		Set<String> ids = this.redis.opsForZSet().range(this.keys.index(group), 0, -1);
		return read(group, (ids != null) ? ids : Set.of());
	}

	/** The records of some instances of a group, those that exist. */
	public GroupRead read(String group, Collection<String> ids) {
		List<String> scriptKeys = groupKeys(group, ids.toArray(String[]::new));
		List<?> reply = this.redis.execute(READ, scriptKeys);
		List<InstanceRecord> records = new ArrayList<>();
		long shortestTtl = -1;
		int unreadable = 0;
		for (int i = 2; reply != null && i + 1 < reply.size(); i += 2) {
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
		return new GroupRead(List.copyOf(records), shortestTtl, unreadable, number(reply, 0), text(reply, 1));
	}

	/** What expired in a group, without reading its records. */
	public ExpiryCheck checkExpiry(String group) {
		List<?> reply = this.redis.execute(CHECK, groupKeys(group), String.valueOf(EXPIRED_KEPT.toMillis()));
		Set<String> expired = new LinkedHashSet<>();
		for (int i = 3; reply != null && i < reply.size(); i++) {
			expired.add(String.valueOf(reply.get(i)));
		}
		long next = (reply != null && reply.size() > 2) ? number(reply, 2) : -1;
		return new ExpiryCheck(Set.copyOf(expired), next, number(reply, 0), text(reply, 1));
	}

	/** The index, the clock, then the records of the given instances. */
	private List<String> groupKeys(String group, String... instanceIds) {
		List<String> keys = new ArrayList<>(instanceIds.length + 2);
		keys.add(this.keys.index(group));
		keys.add(this.keys.heartbeats(group));
		for (String id : instanceIds) {
			keys.add(this.keys.instance(group, id));
		}
		return keys;
	}

	private static long number(List<?> reply, int index) {
		return (reply != null && reply.size() > index) ? Long.parseLong(String.valueOf(reply.get(index))) : 0;
	}

	private static String text(List<?> reply, int index) {
		return (reply != null && reply.size() > index) ? String.valueOf(reply.get(index)) : "0";
	}

	private String message(String event, String instanceId) {
		return this.codec.mapper().writeValueAsString(new ChangeMessage(event, instanceId));
	}

	/**
	 * The message published on a group's channel: consumers read the record it names again.
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
	 * The result of reading a group, or some of its records.
	 *
	 * @param records the instances whose records exist
	 * @param shortestTtlMillis the smallest remaining TTL among them, or -1 when there are none
	 * @param unreadable the number of records that could not be parsed and were skipped
	 * @param resumingMillis how much longer a record missing now may belong to a live provider that has not written
	 * it again since Redis took heartbeats again (after a failover, a restart or a pause long enough for records to
	 * expire); 0 when the group's heartbeats have run without a pause for a whole TTL
	 * @param changes the group's count of registrations, changes and deregistrations, as Redis had it, with the time
	 * its clock was created ({@code <time>:<count>}): any change makes it differ
	 */
	public record GroupRead(List<InstanceRecord> records, long shortestTtlMillis, int unreadable, long resumingMillis,
			String changes) {

	}

	/**
	 * What expired in a group.
	 *
	 * @param expired the ids whose records expired (in the last {@link #EXPIRED_KEPT})
	 * @param nextExpiryMillis the time until the next record expires unless refreshed, or -1 when none will
	 * @param resumingMillis as in {@link GroupRead#resumingMillis()}
	 * @param changes as in {@link GroupRead#changes()}: when it differs from the last full read's, something
	 * changed that a lost notification did not tell
	 */
	public record ExpiryCheck(Set<String> expired, long nextExpiryMillis, long resumingMillis, String changes) {

	}

}
