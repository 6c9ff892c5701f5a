package io.dora.discovery;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.springframework.context.Lifecycle;
import org.springframework.context.SmartLifecycle;

/**
 * Asks several discoveries in order: a group belongs to the first one that knows it, and the last one answers for
 * every other group. Dora puts the static groups of {@code dora.client.groups} first and Redis last, so a group
 * fixed in configuration never depends on Redis.
 */
public class CompositeServiceDiscovery implements DoraServiceDiscovery, SmartLifecycle, AutoCloseable {

	private final List<DoraServiceDiscovery> discoveries;

	private volatile boolean running;

	/**
	 * @param discoveries the discoveries in order of precedence; the last one is the fallback
	 */
	public CompositeServiceDiscovery(List<DoraServiceDiscovery> discoveries) {
		if (discoveries.isEmpty()) {
			throw new IllegalArgumentException("At least one discovery is required");
		}
		this.discoveries = List.copyOf(discoveries);
	}

	@Override
	public DoraGroupView view(String group) {
		return owner(group).view(group);
	}

	private DoraServiceDiscovery owner(String group) {
		for (int i = 0; i < this.discoveries.size() - 1; i++) {
			DoraServiceDiscovery discovery = this.discoveries.get(i);
			if (discovery.knownGroups().contains(group)) {
				return discovery;
			}
		}
		return this.discoveries.get(this.discoveries.size() - 1);
	}

	@Override
	public DoraGroupView currentView(String group) {
		return owner(group).currentView(group);
	}

	@Override
	public Set<String> knownGroups() {
		Set<String> groups = new LinkedHashSet<>();
		this.discoveries.forEach((discovery) -> groups.addAll(discovery.knownGroups()));
		return groups;
	}

	public List<DoraServiceDiscovery> discoveries() {
		return this.discoveries;
	}

	/** The first of the discoveries of a type, or {@code null}. */
	public <T extends DoraServiceDiscovery> T find(Class<T> type) {
		for (DoraServiceDiscovery discovery : this.discoveries) {
			if (type.isInstance(discovery)) {
				return type.cast(discovery);
			}
		}
		return null;
	}

	/** Starts the discoveries that have a lifecycle. */
	@Override
	public void start() {
		this.discoveries.forEach((discovery) -> {
			if (discovery instanceof Lifecycle lifecycle) {
				lifecycle.start();
			}
		});
		this.running = true;
	}

	/** Stops the discoveries that have a lifecycle. */
	@Override
	public void stop() {
		this.running = false;
		this.discoveries.forEach((discovery) -> {
			if (discovery instanceof Lifecycle lifecycle) {
				lifecycle.stop();
			}
		});
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	/** The lowest phase of the discoveries: stopped when the last of them should be. */
	@Override
	public int getPhase() {
		int phase = SmartLifecycle.DEFAULT_PHASE;
		for (DoraServiceDiscovery discovery : this.discoveries) {
			if (discovery instanceof SmartLifecycle lifecycle) {
				phase = Math.min(phase, lifecycle.getPhase());
			}
		}
		return phase;
	}

	/** Closes the discoveries that hold resources. */
	@Override
	public void close() throws Exception {
		for (DoraServiceDiscovery discovery : this.discoveries) {
			if (discovery instanceof AutoCloseable closeable) {
				closeable.close();
			}
		}
	}

}
