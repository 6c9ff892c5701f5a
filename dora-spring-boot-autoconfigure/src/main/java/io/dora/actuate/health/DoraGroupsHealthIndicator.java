package io.dora.actuate.health;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.dora.actuate.GroupDescriptor;
import io.dora.client.DoraClient;

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

	private final DoraClient client;

	private final String defaultGroup;

	/**
	 * @param client the application's client
	 * @param defaultGroup the group the template calls by default, reported even before its first call; may be
	 * {@code null}
	 */
	public DoraGroupsHealthIndicator(DoraClient client, String defaultGroup) {
		super("Dora groups health check failed");
		this.client = client;
		this.defaultGroup = defaultGroup;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		builder.up();
		for (String group : GroupDescriptor.groupsInUse(this.client, this.defaultGroup)) {
			builder.withDetail(group, summary(GroupDescriptor.describe(group, this.client)));
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
