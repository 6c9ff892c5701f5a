package io.dora.discovery;

import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.ToIntFunction;

/**
 * Picks the candidate with the fewest calls in flight from this client, relative to its weight; ties are broken
 * at random so that idle providers share the load.
 */
public class LeastInFlightLoadBalancer implements DoraLoadBalancer {

	private final ToIntFunction<DoraEndpoint> inFlight;

	/**
	 * @param inFlight the calls this client has in flight to an endpoint
	 */
	public LeastInFlightLoadBalancer(ToIntFunction<DoraEndpoint> inFlight) {
		this.inFlight = inFlight;
	}

	@Override
	public DoraInstance choose(String group, List<DoraInstance> candidates) {
		DoraInstance best = null;
		double bestLoad = Double.MAX_VALUE;
		int ties = 0;
		for (DoraInstance candidate : candidates) {
			double load = (double) this.inFlight.applyAsInt(candidate.endpoint()) / Math.max(1, candidate.weight());
			if (load < bestLoad) {
				best = candidate;
				bestLoad = load;
				ties = 1;
			}
			else if (load == bestLoad && ThreadLocalRandom.current().nextInt(++ties) == 0) {
				// Reservoir sampling over the tied candidates: each is equally likely.
				best = candidate;
			}
		}
		return best;
	}

}
