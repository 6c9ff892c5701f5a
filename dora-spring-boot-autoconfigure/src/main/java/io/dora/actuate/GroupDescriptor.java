package io.dora.actuate;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import io.dora.client.DoraClient;
import io.dora.discovery.CompositeServiceDiscovery;
import io.dora.discovery.DoraGroupView;
import io.dora.discovery.DoraInstance;
import io.dora.discovery.DoraServiceDiscovery;
import io.dora.discovery.redis.RedisServiceDiscovery;

/**
 * A provider group as this application's client sees it now: where the view comes from and, for each provider,
 * whether calls may go to it. Reading it never waits for discovery and never starts watching a group.
 *
 * @param group the group name
 * @param source where the view comes from and how fresh it is, as discovery reports it
 * @param registryFailure why the last read from Redis failed, or {@code null}; the view above keeps serving
 * @param providers the known providers
 */
public record GroupDescriptor(String group, String source, String registryFailure, List<ProviderDescriptor> providers) {

	/** A provider new calls may be sent to. */
	public static final String AVAILABLE = "available";

	/** A provider that is shutting down: it finishes its calls and gets no new ones. */
	public static final String DRAINING = "draining";

	/** A provider out of rotation for a while after repeated failures. */
	public static final String EJECTED = "ejected";

	/**
	 * The groups this application uses: those its discovery knows (static groups, and groups already called) and
	 * the template's default group.
	 * @param defaultGroup the default group, or {@code null}
	 */
	public static List<String> groupsInUse(DoraClient client, String defaultGroup) {
		Set<String> groups = new LinkedHashSet<>();
		if (defaultGroup != null) {
			groups.add(defaultGroup);
		}
		groups.addAll(client.discovery().knownGroups());
		return List.copyOf(groups);
	}

	/** Describes one group. */
	public static GroupDescriptor describe(String group, DoraClient client) {
		DoraServiceDiscovery discovery = client.discovery();
		DoraGroupView view = discovery.currentView(group);
		List<ProviderDescriptor> providers = new ArrayList<>(view.instances().size());
		for (DoraInstance instance : view.instances()) {
			String exclusion = client.health().exclusion(instance.endpoint());
			String state = instance.draining() ? DRAINING : (exclusion != null) ? EJECTED : AVAILABLE;
			providers.add(new ProviderDescriptor(instance.id(), instance.endpoint().toString(), instance.weight(),
					state, exclusion, client.connections().inFlight(instance.endpoint())));
		}
		return new GroupDescriptor(group, view.source(), registryFailure(discovery, group), List.copyOf(providers));
	}

	private static String registryFailure(DoraServiceDiscovery discovery, String group) {
		RedisServiceDiscovery redis = (discovery instanceof CompositeServiceDiscovery composite)
				? composite.find(RedisServiceDiscovery.class)
				: (discovery instanceof RedisServiceDiscovery direct) ? direct : null;
		return (redis != null) ? redis.readFailure(group) : null;
	}

	/** The number of providers in a state. */
	public long count(String state) {
		return this.providers.stream().filter((provider) -> provider.state().equals(state)).count();
	}

	/** The endpoints of the providers in a state. */
	public List<String> endpoints(String state) {
		return this.providers.stream()
			.filter((provider) -> provider.state().equals(state))
			.map(ProviderDescriptor::endpoint)
			.toList();
	}

	/**
	 * One provider of a group.
	 *
	 * @param id the provider's instance id
	 * @param endpoint its address, {@code host:port}
	 * @param weight its share of calls
	 * @param state {@value #AVAILABLE}, {@value #DRAINING} or {@value #EJECTED}
	 * @param ejection why and for how long it is ejected, or {@code null}
	 * @param inFlight calls from this application waiting for its replies
	 */
	public record ProviderDescriptor(String id, String endpoint, int weight, String state, String ejection,
			int inFlight) {

	}

}
