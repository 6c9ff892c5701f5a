package io.dora.discovery;

import java.util.List;
import java.util.Map;

/**
 * Delegates to the balancer configured for the group being called, or to the default one.
 */
public class GroupLoadBalancer implements DoraLoadBalancer {

	private final DoraLoadBalancer defaultBalancer;

	private final Map<String, DoraLoadBalancer> groupBalancers;

	/**
	 * @param defaultBalancer the balancer of groups without their own
	 * @param groupBalancers balancers by group name
	 */
	public GroupLoadBalancer(DoraLoadBalancer defaultBalancer, Map<String, DoraLoadBalancer> groupBalancers) {
		this.defaultBalancer = defaultBalancer;
		this.groupBalancers = Map.copyOf(groupBalancers);
	}

	@Override
	public DoraInstance choose(String group, List<DoraInstance> candidates) {
		DoraLoadBalancer balancer = (group != null) ? this.groupBalancers.get(group) : null;
		return ((balancer != null) ? balancer : this.defaultBalancer).choose(group, candidates);
	}

	/** The balancer a group uses. */
	public DoraLoadBalancer balancerFor(String group) {
		return this.groupBalancers.getOrDefault(group, this.defaultBalancer);
	}

}
