package io.dora.discovery.redis;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.dora.discovery.DoraEndpoint;
import io.dora.discovery.DoraInstance;

/**
 * What a provider publishes about itself in each of its groups, stored as JSON under
 * {@link RedisRegistryKeys#instance(String, String)}. Readers ignore fields they do not know, so later versions may
 * add fields.
 *
 * @param id the instance id, unique in the registry
 * @param host the advertised host consumers connect to
 * @param port the advertised TCP port
 * @param groups every group the provider registered in
 * @param protocolVersion the Dora wire protocol version the provider speaks
 * @param startedAt when the provider registered first
 * @param weight relative share of calls for weighted balancing
 * @param draining whether the provider is shutting down and must not be chosen for new calls
 * @param application the provider's {@code spring.application.name}, if any, for operators
 * @param metadata free-form attributes from {@code dora.registry.metadata}
 */
public record InstanceRecord(String id, String host, int port, List<String> groups, int protocolVersion,
		Instant startedAt, int weight, boolean draining, String application, Map<String, String> metadata) {

	public InstanceRecord {
		groups = (groups != null) ? List.copyOf(groups) : List.of();
		metadata = (metadata != null) ? Map.copyOf(metadata) : Map.of();
		weight = Math.max(1, weight);
	}

	/** The same record marked draining. */
	public InstanceRecord asDraining() {
		return new InstanceRecord(this.id, this.host, this.port, this.groups, this.protocolVersion, this.startedAt,
				this.weight, true, this.application, this.metadata);
	}

	public DoraEndpoint endpoint() {
		return new DoraEndpoint(this.host, this.port);
	}

	/** The provider as load balancing sees it. */
	public DoraInstance toInstance() {
		return new DoraInstance(this.id, endpoint(), this.weight, this.draining, this.metadata);
	}

}
