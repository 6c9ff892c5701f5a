package io.dora.bench.registry;

import java.util.Collection;
import java.util.concurrent.atomic.LongAdder;

import io.dora.discovery.redis.InstanceRecord;
import io.dora.discovery.redis.InstanceRecordCodec;
import io.dora.discovery.redis.RedisRegistryKeys;
import io.dora.discovery.redis.RedisRegistryOperations;

import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * The registry's operations, counting what providers and consumers ask Redis for, for the report. The counters are
 * shared by every instance.
 */
final class CountingOperations extends RedisRegistryOperations {

	static final LongAdder heartbeats = new LongAdder();

	static final LongAdder fullReads = new LongAdder();

	static final LongAdder recordReads = new LongAdder();

	static final LongAdder checks = new LongAdder();

	/** Set while a full read runs: it reads every record the index names through the other method. */
	private static final ThreadLocal<Boolean> readingAll = ThreadLocal.withInitial(() -> false);

	CountingOperations(StringRedisTemplate redis, RedisRegistryKeys keys) {
		super(redis, keys, new InstanceRecordCodec());
	}

	/** heartbeats, full reads, record reads and checks so far. */
	static long[] snapshot() {
		return new long[] { heartbeats.sum(), fullReads.sum(), recordReads.sum(), checks.sum() };
	}

	@Override
	public HeartbeatOutcome heartbeat(String group, InstanceRecord record, java.time.Duration ttl,
			java.time.Duration interval) {
		heartbeats.increment();
		return super.heartbeat(group, record, ttl, interval);
	}

	@Override
	public GroupRead read(String group) {
		fullReads.increment();
		readingAll.set(true);
		try {
			return super.read(group);
		}
		finally {
			readingAll.set(false);
		}
	}

	@Override
	public GroupRead read(String group, Collection<String> ids) {
		if (!readingAll.get()) {
			recordReads.increment();
		}
		return super.read(group, ids);
	}

	@Override
	public ExpiryCheck checkExpiry(String group) {
		checks.increment();
		return super.checkExpiry(group);
	}

}
