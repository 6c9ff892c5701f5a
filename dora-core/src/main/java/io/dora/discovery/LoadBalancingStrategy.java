package io.dora.discovery;

import java.util.function.ToIntFunction;

/**
 * The load balancing strategies Dora provides.
 */
public enum LoadBalancingStrategy {

	/** Random, weighted by each provider's weight: the original Dora's strategy and the default. */
	RANDOM,

	/** The providers in turn, weighted. */
	ROUND_ROBIN,

	/** The provider with the fewest calls in flight from this client, relative to its weight. */
	LEAST_IN_FLIGHT;

	/** The strategy a balancer implements, or {@code null} for a balancer of the application's own. */
	public static LoadBalancingStrategy of(DoraLoadBalancer balancer) {
		if (balancer instanceof RandomLoadBalancer) {
			return RANDOM;
		}
		if (balancer instanceof RoundRobinLoadBalancer) {
			return ROUND_ROBIN;
		}
		return (balancer instanceof LeastInFlightLoadBalancer) ? LEAST_IN_FLIGHT : null;
	}

	/**
	 * A new balancer of this strategy.
	 * @param inFlight the calls in flight to an endpoint, used by {@link #LEAST_IN_FLIGHT}
	 */
	public DoraLoadBalancer create(ToIntFunction<DoraEndpoint> inFlight) {
		return switch (this) {
			case RANDOM -> new RandomLoadBalancer();
			case ROUND_ROBIN -> new RoundRobinLoadBalancer();
			case LEAST_IN_FLIGHT -> new LeastInFlightLoadBalancer(inFlight);
		};
	}

}
