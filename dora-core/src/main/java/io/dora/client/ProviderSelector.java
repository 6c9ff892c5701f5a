package io.dora.client;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

import io.dora.discovery.DoraEndpoint;
import io.dora.discovery.DoraGroupView;
import io.dora.discovery.DoraInstance;
import io.dora.discovery.DoraLoadBalancer;
import io.dora.discovery.DoraServiceDiscovery;

/**
 * Picks the provider for one attempt of a call: the group's view minus draining providers, unhealthy ones and
 * those this call already failed on, then the load balancer's choice. When nothing is left it explains why.
 */
class ProviderSelector {

	private final DoraServiceDiscovery discovery;

	private final DoraLoadBalancer balancer;

	private final EndpointHealth health;

	ProviderSelector(DoraServiceDiscovery discovery, DoraLoadBalancer balancer, EndpointHealth health) {
		this.discovery = discovery;
		this.balancer = balancer;
		this.health = health;
	}

	/**
	 * @param target the call's target
	 * @param excluded endpoints this call already failed on, with the reason
	 * @throws NoProviderException when no provider is eligible
	 */
	DoraEndpoint choose(DoraTarget target, Map<DoraEndpoint, String> excluded) {
		if (target.address() != null) {
			String reason = excluded.get(target.address());
			if (reason != null) {
				throw new NoProviderException("no provider can be chosen for " + target + ": " + reason);
			}
			return target.address();
		}
		DoraGroupView view = this.discovery.view(target.group());
		List<DoraInstance> candidates = new ArrayList<>(view.instances().size());
		StringJoiner reasons = new StringJoiner("; ");
		for (DoraInstance instance : view.instances()) {
			String reason = exclusion(instance, excluded);
			if (reason == null) {
				candidates.add(instance);
			}
			else {
				reasons.add(instance.endpoint() + " " + reason);
			}
		}
		if (candidates.isEmpty()) {
			throw new NoProviderException(explain(target, view, reasons));
		}
		return this.balancer.choose(target.group(), candidates).endpoint();
	}

	/**
	 * Whether some provider is still eligible, without asking the load balancer (which would count a turn).
	 */
	boolean hasCandidate(DoraTarget target, Map<DoraEndpoint, String> excluded) {
		if (target.address() != null) {
			return !excluded.containsKey(target.address());
		}
		for (DoraInstance instance : this.discovery.view(target.group()).instances()) {
			if (exclusion(instance, excluded) == null) {
				return true;
			}
		}
		return false;
	}

	private String exclusion(DoraInstance instance, Map<DoraEndpoint, String> excluded) {
		if (instance.draining()) {
			return "draining";
		}
		String failed = excluded.get(instance.endpoint());
		if (failed != null) {
			return failed;
		}
		return this.health.exclusion(instance.endpoint());
	}

	private static String explain(DoraTarget target, DoraGroupView view, StringJoiner reasons) {
		if (view.instances().isEmpty()) {
			return "no provider can be chosen for " + target + ": none registered in that group (source: "
					+ view.source() + ")";
		}
		return "no provider can be chosen for " + target + " (source: " + view.source() + "): "
				+ view.instances().size() + " known, all excluded: " + reasons;
	}

}
