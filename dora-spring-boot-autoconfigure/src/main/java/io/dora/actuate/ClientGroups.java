package io.dora.actuate;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import io.dora.actuate.GroupDescriptor.ProviderDescriptor;
import io.dora.client.DoraTarget;
import io.dora.client.DoraTemplate;
import io.dora.client.EndpointHealth;
import io.dora.client.connection.DoraConnectionManager;
import io.dora.discovery.CompositeServiceDiscovery;
import io.dora.discovery.DoraGroupView;
import io.dora.discovery.DoraInstance;
import io.dora.discovery.DoraServiceDiscovery;
import io.dora.discovery.redis.RedisServiceDiscovery;

/**
 * The provider groups this application's client uses, as the health contributor and the {@code dora} endpoint
 * read them: from the client's discovery, endpoint health and connections. Reading never waits for discovery and
 * never starts watching a group.
 *
 * @param discovery the client's discovery
 * @param health the client's record of failing providers
 * @param connections the client's connections
 * @param defaultGroup the group the template calls by default, reported even before its first call; may be
 * {@code null}
 */
public record ClientGroups(DoraServiceDiscovery discovery, EndpointHealth health, DoraConnectionManager connections,
		String defaultGroup) {

	/**
	 * The groups of a client whose template is {@code template}: its default group is reported even before its
	 * first call.
	 * @param template the application's template, or {@code null}
	 */
	public static ClientGroups of(DoraServiceDiscovery discovery, EndpointHealth health,
			DoraConnectionManager connections, DoraTemplate template) {
		DoraTarget target = (template != null) ? template.getTarget() : null;
		return new ClientGroups(discovery, health, connections, (target != null) ? target.group() : null);
	}

	/** The groups in use: the default group, and those discovery knows (static groups, groups already called). */
	public List<String> inUse() {
		Set<String> groups = new LinkedHashSet<>();
		if (this.defaultGroup != null) {
			groups.add(this.defaultGroup);
		}
		groups.addAll(this.discovery.knownGroups());
		return List.copyOf(groups);
	}

	/** Describes one group. */
	public GroupDescriptor describe(String group) {
		DoraGroupView view = this.discovery.currentView(group);
		List<ProviderDescriptor> providers = new ArrayList<>(view.instances().size());
		for (DoraInstance instance : view.instances()) {
			String exclusion = this.health.exclusion(instance.endpoint());
			String state = instance.draining() ? GroupDescriptor.DRAINING
					: (exclusion != null) ? GroupDescriptor.EJECTED : GroupDescriptor.AVAILABLE;
			providers.add(new ProviderDescriptor(instance.id(), instance.endpoint().toString(), instance.weight(),
					state, exclusion, this.connections.inFlight(instance.endpoint())));
		}
		return new GroupDescriptor(group, view.source(), registryFailure(group), List.copyOf(providers));
	}

	private String registryFailure(String group) {
		RedisServiceDiscovery redis = (this.discovery instanceof CompositeServiceDiscovery composite)
				? composite.find(RedisServiceDiscovery.class)
				: (this.discovery instanceof RedisServiceDiscovery direct) ? direct : null;
		return (redis != null) ? redis.readFailure(group) : null;
	}

}
