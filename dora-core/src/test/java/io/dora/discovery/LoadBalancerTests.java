package io.dora.discovery;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The load balancing strategies, on fixed candidate lists.
 */
class LoadBalancerTests {

	private final DoraInstance a = instance("a", 9001, 1);

	private final DoraInstance b = instance("b", 9002, 1);

	private final DoraInstance heavy = instance("heavy", 9003, 3);

	@Test
	void roundRobinTakesCandidatesInTurnPerGroup() {
		RoundRobinLoadBalancer balancer = new RoundRobinLoadBalancer();
		List<DoraInstance> candidates = List.of(this.a, this.b);
		assertThat(List.of(balancer.choose("g1", candidates), balancer.choose("g1", candidates),
				balancer.choose("g2", candidates), balancer.choose("g1", candidates)))
			.containsExactly(this.a, this.b, this.a, this.a);
	}

	@Test
	void roundRobinGivesWeightedTurns() {
		RoundRobinLoadBalancer balancer = new RoundRobinLoadBalancer();
		List<DoraInstance> candidates = List.of(this.heavy, this.a);
		Map<DoraInstance, Integer> counts = count(balancer, candidates, 400);
		assertThat(counts).containsEntry(this.heavy, 300).containsEntry(this.a, 100);
	}

	@Test
	void randomFollowsWeights() {
		Map<DoraInstance, Integer> counts = count(new RandomLoadBalancer(), List.of(this.heavy, this.a), 4000);
		// Expected 3000 and 1000; 2800 is more than six standard deviations away.
		assertThat(counts.get(this.heavy)).isBetween(2800, 3200);
	}

	@Test
	void leastInFlightPicksTheLeastLoadedRelativeToWeight() {
		Map<DoraEndpoint, Integer> inFlight = new HashMap<>(
				Map.of(this.a.endpoint(), 2, this.b.endpoint(), 1, this.heavy.endpoint(), 4));
		LeastInFlightLoadBalancer balancer = new LeastInFlightLoadBalancer((endpoint) -> inFlight.get(endpoint));
		// heavy: 4 / 3 = 1.33, b: 1, a: 2
		assertThat(balancer.choose("g", List.of(this.a, this.b, this.heavy))).isEqualTo(this.b);
		inFlight.put(this.heavy.endpoint(), 2);
		assertThat(balancer.choose("g", List.of(this.a, this.b, this.heavy))).isEqualTo(this.heavy);
	}

	@Test
	void leastInFlightSharesAmongIdleProviders() {
		LeastInFlightLoadBalancer balancer = new LeastInFlightLoadBalancer((endpoint) -> 0);
		Map<DoraInstance, Integer> counts = count(balancer, List.of(this.a, this.b), 1000);
		assertThat(counts.get(this.a)).isBetween(400, 600);
	}

	@Test
	void groupBalancerUsesTheGroupsOwnOrTheDefault() {
		DoraLoadBalancer first = (group, candidates) -> candidates.get(0);
		DoraLoadBalancer last = (group, candidates) -> candidates.get(candidates.size() - 1);
		GroupLoadBalancer balancer = new GroupLoadBalancer(first, Map.of("g2", last));
		assertThat(balancer.choose("g1", List.of(this.a, this.b))).isEqualTo(this.a);
		assertThat(balancer.choose("g2", List.of(this.a, this.b))).isEqualTo(this.b);
		assertThat(balancer.choose(null, List.of(this.a, this.b))).isEqualTo(this.a);
	}

	@Test
	void strategiesCreateTheirBalancers() {
		assertThat(LoadBalancingStrategy.RANDOM.create((endpoint) -> 0)).isInstanceOf(RandomLoadBalancer.class);
		assertThat(LoadBalancingStrategy.ROUND_ROBIN.create((endpoint) -> 0)).isInstanceOf(RoundRobinLoadBalancer.class);
		assertThat(LoadBalancingStrategy.LEAST_IN_FLIGHT.create((endpoint) -> 0))
			.isInstanceOf(LeastInFlightLoadBalancer.class);
	}

	private static Map<DoraInstance, Integer> count(DoraLoadBalancer balancer, List<DoraInstance> candidates,
			int calls) {
		Map<DoraInstance, Integer> counts = new HashMap<>();
		for (int i = 0; i < calls; i++) {
			counts.merge(balancer.choose("g", candidates), 1, Integer::sum);
		}
		return counts;
	}

	private static DoraInstance instance(String id, int port, int weight) {
		return new DoraInstance(id, new DoraEndpoint("127.0.0.1", port), weight, false, Map.of());
	}

}
