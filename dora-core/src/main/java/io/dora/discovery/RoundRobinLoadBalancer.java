package io.dora.discovery;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Takes the candidates of a group in turn. Weights count: a provider of weight 3 gets three consecutive turns in
 * each round, one of weight 1 gets one.
 */
public class RoundRobinLoadBalancer implements DoraLoadBalancer {

	private final Map<String, AtomicLong> counters = new ConcurrentHashMap<>();

	@Override
	public DoraInstance choose(String group, List<DoraInstance> candidates) {
		long total = 0;
		for (DoraInstance candidate : candidates) {
			total += Math.max(1, candidate.weight());
		}
		long turn = this.counters.computeIfAbsent(group, (key) -> new AtomicLong()).getAndIncrement();
		long pick = Math.floorMod(turn, total);
		for (DoraInstance candidate : candidates) {
			pick -= Math.max(1, candidate.weight());
			if (pick < 0) {
				return candidate;
			}
		}
		return candidates.get(candidates.size() - 1);
	}

}
