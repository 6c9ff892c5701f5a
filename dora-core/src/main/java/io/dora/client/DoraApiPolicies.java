package io.dora.client;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.springframework.http.server.PathContainer;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * The timeout and retries of each call: per API from {@code dora.client.apis.<path or pattern>}, where the most
 * specific matching pattern wins, else {@code dora.client.timeout} and {@code dora.client.retries}. A template
 * view's {@code withTimeout}/{@code withRetries} take precedence over both.
 */
public final class DoraApiPolicies {

	private final Duration defaultTimeout;

	private final int defaultRetries;

	private final List<Policy> policies;

	/**
	 * @param defaultTimeout the timeout of calls no policy sets one for
	 * @param defaultRetries the retries of calls no policy sets them for
	 * @param policies by path or pattern; a {@code null} timeout or retries inherits the default
	 */
	public DoraApiPolicies(Duration defaultTimeout, int defaultRetries, Map<String, Policy> policies) {
		this.defaultTimeout = defaultTimeout;
		this.defaultRetries = defaultRetries;
		List<Policy> parsed = new ArrayList<>();
		policies.forEach((path, policy) -> parsed.add(new Policy(PathPatternParser.defaultInstance.parse(path),
				policy.timeout(), policy.retries())));
		parsed.sort((a, b) -> PathPattern.SPECIFICITY_COMPARATOR.compare(a.pattern(), b.pattern()));
		this.policies = List.copyOf(parsed);
	}

	/** The defaults only, no per-API policies. */
	public static DoraApiPolicies defaults(Duration timeout, int retries) {
		return new DoraApiPolicies(timeout, retries, Map.of());
	}

	public Duration defaultTimeout() {
		return this.defaultTimeout;
	}

	public int defaultRetries() {
		return this.defaultRetries;
	}

	/** The timeout {@code policy} sets, else the default; {@code policy} may be {@code null}. */
	public Duration timeout(Policy policy) {
		return (policy != null && policy.timeout() != null) ? policy.timeout() : this.defaultTimeout;
	}

	/** The retries {@code policy} sets, else the default; {@code policy} may be {@code null}. */
	public int retries(Policy policy) {
		return (policy != null && policy.retries() != null) ? policy.retries() : this.defaultRetries;
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
