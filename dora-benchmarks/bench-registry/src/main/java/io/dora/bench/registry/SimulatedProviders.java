package io.dora.bench.registry;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.dora.discovery.redis.HeartbeatDelays;
import io.dora.discovery.redis.InstanceRecord;
import io.dora.discovery.redis.RedisRegistryOperations;
import io.dora.discovery.redis.RedisRegistryOperations.HeartbeatOutcome;

/**
 * Provider registrations without providers: each writes its record with the registry's own operations on the
 * schedule a {@code RedisRegistration} keeps ({@link HeartbeatDelays}). Providers share a pool of Redis connections;
 * their records are those of real providers, each with an address of its own.
 */
final class SimulatedProviders implements AutoCloseable {

	private final RegistryOptions options;

	private final List<RedisRegistryOperations> connections;

	/**
	 * A thread per provider, up to 2 000, as real providers each have their own: while Redis is down a heartbeat
	 * blocks for the command timeout, and providers sharing a few threads would queue behind each other.
	 */
	private final ScheduledThreadPoolExecutor scheduler;

	private final Map<String, Provider> providers = new ConcurrentHashMap<>();

	private final AtomicInteger created = new AtomicInteger();

	/** The last heartbeat failure, for the progress lines. */
	volatile RuntimeException lastFailure;

	SimulatedProviders(RegistryOptions options, List<RedisRegistryOperations> connections) {
		this.options = options;
		this.connections = connections;
		this.scheduler = new ScheduledThreadPoolExecutor(Math.min(options.providers() + options.events() * 3, 2000),
				(task) -> {
					Thread thread = new Thread(task, "simulated-provider");
					thread.setDaemon(true);
					return thread;
				});
		this.scheduler.setRemoveOnCancelPolicy(true);
	}

	/** Starts the initial providers, spread evenly over the groups, each at a random moment of one interval. */
	void startAll() {
		for (int i = 0; i < this.options.providers(); i++) {
			Provider provider = create(group(i % this.options.groups()));
			provider.schedule(ThreadLocalRandom.current().nextLong(this.options.heartbeat().toMillis()));
		}
	}

	/** A new provider in the group; its first heartbeat is the caller's {@link Provider#beat()}. */
	Provider addLater(String group) {
		return create(group);
	}

	/** Providers neither killed nor deregistered. */
	int live() {
		return (int) this.providers.values().stream().filter((provider) -> !provider.dead).count();
	}

	/** Providers that wrote their record at least once. */
	int registered() {
		return (int) this.providers.values().stream().filter((provider) -> provider.registered).count();
	}

	/** The live providers of a group. */
	List<Provider> of(String group) {
		return this.providers.values().stream().filter((provider) -> provider.group.equals(group) && !provider.dead)
			.toList();
	}

	static String group(int index) {
		return "g" + index;
	}

	@Override
	public void close() {
		this.scheduler.shutdownNow();
	}

	private Provider create(String group) {
		int number = this.created.getAndIncrement();
		String host = "10." + ((number >> 16) & 0xff) + "." + ((number >> 8) & 0xff) + "." + (number & 0xff);
		InstanceRecord record = new InstanceRecord(host + ":9567-" + Integer.toHexString(number), host, 9567,
				List.of(group), 1, Instant.now(), 1, false, "bench-provider", Map.of("zone", "z" + (number % 3)));
		Provider provider = new Provider(group, record, this.connections.get(number % this.connections.size()));
		this.providers.put(record.id(), provider);
		return provider;
	}

	/** One simulated provider. */
	final class Provider {

		final String group;

		private volatile InstanceRecord record;

		private final RedisRegistryOperations operations;

		private volatile boolean registered;

		private volatile boolean dead;

		private volatile long lastHeartbeatNanos;

		private final HeartbeatDelays delays = new HeartbeatDelays(SimulatedProviders.this.options.heartbeat());

		private ScheduledFuture<?> next;

		Provider(String group, InstanceRecord record, RedisRegistryOperations operations) {
			this.group = group;
			this.record = record;
			this.operations = operations;
		}

		String endpoint() {
			return this.record.endpoint().toString();
		}

		/** When its last heartbeat succeeded ({@link System#nanoTime()}). */
		long lastHeartbeatNanos() {
			return this.lastHeartbeatNanos;
		}

		/** Stops heartbeating without a word, as a provider killed with SIGKILL. */
		synchronized void kill() {
			this.dead = true;
			if (this.next != null) {
				this.next.cancel(false);
			}
		}

		/** Marks itself draining, as a provider that shuts down gracefully does first. */
		synchronized void drain() {
			this.record = this.record.asDraining();
			beat();
		}

		/** Deletes its registration, as a provider that shut down gracefully does last. */
		synchronized void deregister() {
			kill();
			this.operations.deregister(this.group, this.record.id());
		}

		synchronized void beat() {
			if (this.dead) {
				return;
			}
			try {
				HeartbeatOutcome outcome = this.operations.heartbeat(this.group, this.record,
						SimulatedProviders.this.options.ttl(), SimulatedProviders.this.options.heartbeat());
				this.lastHeartbeatNanos = System.nanoTime();
				this.registered = this.registered || outcome != null;
				schedule(this.delays.afterSuccess());
			}
			catch (RuntimeException ex) {
				SimulatedProviders.this.lastFailure = ex;
				schedule(this.delays.afterFailure());
			}
		}

		private synchronized void schedule(long delayMillis) {
			if (!this.dead && !SimulatedProviders.this.scheduler.isShutdown()) {
				this.next = SimulatedProviders.this.scheduler.schedule(this::beat, delayMillis, TimeUnit.MILLISECONDS);
			}
		}

	}

}
