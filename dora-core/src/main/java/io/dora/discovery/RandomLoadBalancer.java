package io.dora.discovery;

import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Picks a provider at random, weighted by each provider's weight: the original Dora's strategy.
 */
public class RandomLoadBalancer implements DoraLoadBalancer {

	@Override
	public DoraInstance choose(String group, List<DoraInstance> candidates) {
		int total = 0;
		for (DoraInstance candidate : candidates) {
			total += Math.max(1, candidate.weight());
		}
		int pick = ThreadLocalRandom.current().nextInt(total);
		for (DoraInstance candidate : candidates) {
			pick -= Math.max(1, candidate.weight());
			if (pick < 0) {
				return candidate;
			}
		}
		return candidates.get(candidates.size() - 1);
	}

}
