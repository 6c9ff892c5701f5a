package io.dora.test.stub;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import io.dora.discovery.DoraGroupView;
import io.dora.discovery.DoraInstance;
import io.dora.discovery.DoraServiceDiscovery;

/**
 * Resolves every group to the stub server. It knows the groups configured in {@code dora.client.groups} as well as
 * those resolved so far, so that the template's default group is chosen as it would be without stubs.
 */
final class StubServiceDiscovery implements DoraServiceDiscovery {

	private final DoraStubs stubs;

	private final Set<String> configuredGroups;

	StubServiceDiscovery(DoraStubs stubs, Set<String> configuredGroups) {
		this.stubs = stubs;
		this.configuredGroups = Set.copyOf(configuredGroups);
	}

	@Override
	public DoraGroupView view(String group) {
		this.stubs.resolved(group);
		return currentView(group);
	}

	@Override
	public DoraGroupView currentView(String group) {
		return new DoraGroupView(group, List.of(DoraInstance.of(this.stubs.endpoint())),
				"Dora stubs (@AutoConfigureDoraStubs) on " + this.stubs.endpoint());
	}

	@Override
	public Set<String> knownGroups() {
		Set<String> groups = new LinkedHashSet<>(this.configuredGroups);
		groups.addAll(this.stubs.groups());
		return groups;
	}

}
