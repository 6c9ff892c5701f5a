package io.dora.discovery;

import java.util.Map;

/**
 * One provider of a group as the consumer sees it.
 *
 * @param id a stable id of the provider process (unique within the registry)
 * @param endpoint where it listens
 * @param weight relative share of calls for weighted balancing; 1 by default
 * @param draining whether it is shutting down and must not be chosen for new calls
 * @param metadata free-form attributes the provider advertised
 */
public record DoraInstance(String id, DoraEndpoint endpoint, int weight, boolean draining,
		Map<String, String> metadata) {

	/** An instance known only by its address, as in a static group. */
	public static DoraInstance of(DoraEndpoint endpoint) {
		return new DoraInstance(endpoint.toString(), endpoint, 1, false, Map.of());
	}

}
