package io.dora.actuate.health;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.dora.actuate.ClientGroups;
import io.dora.actuate.GroupDescriptor;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * The provider groups this application calls, as its client sees them: per group the number of providers, how
 * many may be chosen, which are draining or ejected, and where the view comes from.
 * <p>
 * Always UP: a consumer is healthy even when a group it calls has no provider left. Reporting DOWN would let an
 * orchestrator restart or unroute every consumer of a failing group, spreading one outage through the system; the
 * calls themselves fail with 100010 and a message that says why. Read the details to see a group with nothing
 * available, or a Redis outage during which the last known view keeps serving.
 */
public class DoraGroupsHealthIndicator extends AbstractHealthIndicator {

	private final ClientGroups groups;

	/**
	 * @param groups the groups the application's client uses
	 */
	public DoraGroupsHealthIndicator(ClientGroups groups) {
		super("Dora groups health check failed");
		this.groups = groups;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		builder.up();
		for (String group : this.groups.inUse()) {
			builder.withDetail(group, summary(this.groups.describe(group)));
		}
	}

	private static Map<String, Object> summary(GroupDescriptor group) {
		Map<String, Object> summary = new LinkedHashMap<>();
		summary.put("providers", group.providers().size());
		summary.put("available", group.count(GroupDescriptor.AVAILABLE));
		putIfAny(summary, "draining", group.endpoints(GroupDescriptor.DRAINING));
		putIfAny(summary, "ejected", group.endpoints(GroupDescriptor.EJECTED));
		summary.put("source", group.source());
		if (group.registryFailure() != null) {
			summary.put("registry", group.registryFailure());
		}
		return summary;
	}

	private static void putIfAny(Map<String, Object> summary, String key, List<String> endpoints) {
		if (!endpoints.isEmpty()) {
			summary.put(key, endpoints);
		}
	}

}
