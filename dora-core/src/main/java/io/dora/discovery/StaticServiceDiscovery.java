package io.dora.discovery;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Groups fixed in configuration ({@code dora.client.groups.<name>.endpoints}); needs no Redis.
 */
public class StaticServiceDiscovery implements DoraServiceDiscovery {

	private static final String SOURCE = "static configuration (dora.client.groups)";

	private final Map<String, DoraGroupView> groups = new LinkedHashMap<>();

	public StaticServiceDiscovery(Map<String, List<DoraEndpoint>> groups) {
		groups.forEach((name, endpoints) -> this.groups.put(name,
				new DoraGroupView(name, endpoints.stream().map(DoraInstance::of).toList(), SOURCE)));
	}

	@Override
	public DoraGroupView view(String group) {
		DoraGroupView view = this.groups.get(group);
		return (view != null) ? view : DoraGroupView.empty(group, SOURCE);
	}

	@Override
	public Set<String> knownGroups() {
		return this.groups.keySet();
	}

}
