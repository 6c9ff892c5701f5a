package io.dora.client;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.springframework.http.server.PathContainer;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * Per-API timeouts and retries from {@code dora.client.apis.<path or pattern>}. The most specific matching
 * pattern wins. Precedence for a call: the template's {@code withTimeout}/{@code withRetries}, then the API's
 * policy, then {@code dora.client.timeout} and {@code dora.client.retries}.
 */
public final class DoraApiPolicies {

	private final List<Policy> policies;

	/**
	 * @param policies by path or pattern; a {@code null} timeout or retries inherits the default
	 */
	public DoraApiPolicies(Map<String, Policy> policies) {
		List<Policy> parsed = new ArrayList<>();
		policies.forEach((path, policy) -> parsed.add(new Policy(PathPatternParser.defaultInstance.parse(path),
				policy.timeout(), policy.retries())));
		parsed.sort((a, b) -> PathPattern.SPECIFICITY_COMPARATOR.compare(a.pattern(), b.pattern()));
		this.policies = List.copyOf(parsed);
	}

	public static DoraApiPolicies none() {
		return new DoraApiPolicies(Map.of());
	}

	/** Every policy, most specific pattern first: the order in which they are tried. */
	public List<Policy> all() {
		return this.policies;
	}

	/** The most specific policy for an API name, or {@code null} when none applies. */
	public Policy find(String api) {
		if (this.policies.isEmpty() || api == null) {
			return null;
		}
		PathContainer path = PathContainer.parsePath(api);
		for (Policy policy : this.policies) {
			if (policy.pattern().matches(path)) {
				return policy;
			}
		}
		return null;
	}

	/**
	 * A timeout and retry count for the APIs matching a pattern.
	 *
	 * @param pattern the pattern (set by {@link DoraApiPolicies}; may be {@code null} when building)
	 * @param timeout the timeout, or {@code null} to inherit
	 * @param retries the retries, or {@code null} to inherit
	 */
	public record Policy(PathPattern pattern, Duration timeout, Integer retries) {

		public static Policy of(Duration timeout, Integer retries) {
			return new Policy(null, timeout, retries);
		}

	}

}
