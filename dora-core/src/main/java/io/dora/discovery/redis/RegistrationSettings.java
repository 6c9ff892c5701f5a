package io.dora.discovery.redis;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * How a provider registers itself.
 *
 * @param groups the groups to register in; nothing is registered when empty
 * @param heartbeatInterval time between two refreshes of the registration
 * @param ttl time after which Redis deletes a registration that was not refreshed
 * @param advertiseAddress {@code host} or {@code host:port} to advertise, or {@code null} to choose one
 * @param preferredNetworks address prefixes preferred when choosing the address
 * @param instanceId the instance id, or {@code null} to generate one
 * @param weight relative share of calls
 * @param metadata free-form attributes
 * @param application the application name, or {@code null}
 * @param drainDelay time to keep serving after marking the registration draining
 */
public record RegistrationSettings(List<String> groups, Duration heartbeatInterval, Duration ttl,
		String advertiseAddress, List<String> preferredNetworks, String instanceId, int weight,
		Map<String, String> metadata, String application, Duration drainDelay) {

	public RegistrationSettings {
		groups = List.copyOf(groups);
		preferredNetworks = List.copyOf(preferredNetworks);
		metadata = Map.copyOf(metadata);
		if (heartbeatInterval.isNegative() || heartbeatInterval.isZero()) {
			throw new IllegalArgumentException("dora.registry.heartbeat-interval must be positive");
		}
		if (ttl.compareTo(heartbeatInterval) <= 0) {
			throw new IllegalArgumentException("dora.registry.ttl (" + ttl
					+ ") must be longer than dora.registry.heartbeat-interval (" + heartbeatInterval
					+ "), ideally three times as long, or registrations expire between heartbeats");
		}
	}

}
