package io.dora.bench.registry;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.dora.discovery.DoraGroupView;
import io.dora.discovery.DoraInstance;
import io.dora.discovery.redis.DiscoverySettings;
import io.dora.discovery.redis.RedisServiceDiscovery;

/**
 * Consumers that watch groups: each a real {@link RedisServiceDiscovery} with its own Redis connections (one for
 * commands, one for change notifications), reading the groups it watches from the start, as a consumer does with its
 * default group. Consumer {@code c} watches groups {@code c * n} to {@code c * n + n - 1} (modulo the number of
 * groups), so every group has the same number of watchers. Expectations time how long every watcher of a group takes
 * to see a change.
 */
final class WatchingConsumers implements AutoCloseable {

	private final RegistryOptions options;

	private final List<RedisServiceDiscovery> discoveries = new ArrayList<>();

	private final List<Expectation> expectations = new CopyOnWriteArrayList<>();

	/**
	 * @param discoveries makes the discovery of a consumer, by its number, with its own connections
	 */
	WatchingConsumers(RegistryOptions options, BiFunction<Integer, DiscoverySettings, RedisServiceDiscovery> discoveries) {
		this.options = options;
		for (int consumer = 0; consumer < options.consumers(); consumer++) {
			DiscoverySettings settings = new DiscoverySettings(options.refresh(), Duration.ofMinutes(1),
					Duration.ofSeconds(5), null, new LinkedHashSet<>(groupsOf(consumer)));
			RedisServiceDiscovery discovery = discoveries.apply(consumer, settings);
			int index = consumer;
			discovery.addListener((previous, current) -> changed(index, current));
			this.discoveries.add(discovery);
		}
	}

	/** Starts reading and watching every consumer's groups. */
	void start() {
		this.discoveries.forEach(RedisServiceDiscovery::start);
	}

	List<String> groupsOf(int consumer) {
		List<String> groups = new ArrayList<>();
		for (int i = 0; i < this.options.groupsPerConsumer(); i++) {
			groups.add(SimulatedProviders.group((consumer * this.options.groupsPerConsumer() + i) % this.options.groups()));
		}
		return groups;
	}

	/** The consumers that watch a group. */
	List<Integer> watchersOf(String group) {
		List<Integer> watchers = new ArrayList<>();
		for (int consumer = 0; consumer < this.options.consumers(); consumer++) {
			if (groupsOf(consumer).contains(group)) {
				watchers.add(consumer);
			}
		}
		return watchers;
	}

	/**
	 * Whether every consumer's view of every group it watches lists exactly the providers given, as read from Redis
	 * (not kept from before an outage or a failover).
	 * @param live the endpoints of the live providers of a group
	 */
	boolean converged(Function<String, Set<String>> live) {
		for (int consumer = 0; consumer < this.discoveries.size(); consumer++) {
			for (String group : groupsOf(consumer)) {
				DoraGroupView view = this.discoveries.get(consumer).currentView(group);
				if (!view.source().contains(", read at ") || view.source().contains("keeping")
						|| !endpoints(view).equals(live.apply(group))) {
					return false;
				}
			}
		}
		return true;
	}

	/** Starts timing how long the watchers of a group take to see an endpoint reach a state. */
	Expectation expect(String group, String endpoint, State state) {
		Expectation expectation = new Expectation(group, endpoint, state, new LinkedHashSet<>(watchersOf(group)));
		this.expectations.add(expectation);
		return expectation;
	}

	@Override
	public void close() {
		this.discoveries.forEach(RedisServiceDiscovery::close);
	}

	private void changed(int consumer, DoraGroupView current) {
		long now = System.nanoTime();
		for (Expectation expectation : this.expectations) {
			if (expectation.group.equals(current.group())) {
				expectation.check(consumer, current, now);
			}
		}
	}

	private static Set<String> endpoints(DoraGroupView view) {
		return view.instances().stream().map((instance) -> instance.endpoint().toString()).collect(Collectors.toSet());
	}

	/** A state of an endpoint in a view. */
	enum State {

		PRESENT, DRAINING, ABSENT;

		boolean holds(DoraGroupView view, String endpoint) {
			DoraInstance instance = view.instances().stream()
				.filter((candidate) -> candidate.endpoint().toString().equals(endpoint)).findFirst().orElse(null);
			return switch (this) {
				case PRESENT -> instance != null;
				case DRAINING -> instance != null && instance.draining();
				case ABSENT -> instance == null;
			};
		}

	}

	/** The times at which the watchers of a group saw an endpoint reach a state. */
	static final class Expectation {

		private final String group;

		private final String endpoint;

		private final State state;

		private final Set<Integer> pending;

		private final Map<Integer, Long> seenAt = new ConcurrentHashMap<>();

		Expectation(String group, String endpoint, State state, Set<Integer> watchers) {
			this.group = group;
			this.endpoint = endpoint;
			this.state = state;
			this.pending = ConcurrentHashMap.newKeySet();
			this.pending.addAll(watchers);
		}

		void check(int consumer, DoraGroupView view, long now) {
			if (this.pending.contains(consumer) && this.state.holds(view, this.endpoint)) {
				this.seenAt.putIfAbsent(consumer, now);
				this.pending.remove(consumer);
			}
		}

		/** Waits until every watcher saw it, or the timeout passed; returns the times it was seen. */
		List<Long> await(Duration timeout) throws InterruptedException {
			long deadline = System.nanoTime() + timeout.toNanos();
			while (!this.pending.isEmpty() && System.nanoTime() < deadline) {
				TimeUnit.MILLISECONDS.sleep(10);
			}
			return new ArrayList<>(this.seenAt.values());
		}

		/** Watchers that have not seen it. */
		int missing() {
			return this.pending.size();
		}

	}

}
