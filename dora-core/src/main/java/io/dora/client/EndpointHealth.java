package io.dora.client;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.dora.discovery.DoraEndpoint;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Takes providers that fail repeatedly (refused connections, timeouts) out of rotation for a while. When the
 * ejection ends the provider is eligible again, and the next call to it is the probe: a success clears its record,
 * another run of failures ejects it for twice as long, up to a maximum. Failures reported while the provider is out
 * of rotation belong to the incident that ejected it (calls that were in flight then, timing out one by one), so
 * they do not count towards a longer ejection.
 */
public class EndpointHealth {

	private static final Log logger = LogFactory.getLog(EndpointHealth.class);

	private final int failureThreshold;

	private final long baseEjectionNanos;

	private final long maxEjectionNanos;

	private final Map<DoraEndpoint, State> states = new ConcurrentHashMap<>();

	/**
	 * @param failureThreshold consecutive failures that eject a provider
	 * @param baseEjection how long the first ejection lasts
	 * @param maxEjection the longest ejection
	 */
	public EndpointHealth(int failureThreshold, Duration baseEjection, Duration maxEjection) {
		this.failureThreshold = failureThreshold;
		this.baseEjectionNanos = baseEjection.toNanos();
		this.maxEjectionNanos = Math.max(maxEjection.toNanos(), this.baseEjectionNanos);
	}

	/** A call to the endpoint got an answer. */
	public void success(DoraEndpoint endpoint) {
		if (!this.states.isEmpty()) {
			State state = this.states.get(endpoint);
			if (state != null && !state.isEjected()) {
				this.states.remove(endpoint, state);
			}
		}
	}

	/** A call to the endpoint could not connect or got no answer in time. */
	public void failure(DoraEndpoint endpoint, String reason) {
		State state = this.states.computeIfAbsent(endpoint, (key) -> new State());
		synchronized (state) {
			state.lastFailure = reason;
			if (state.isEjected()) {
				return;
			}
			state.consecutiveFailures++;
			if (state.consecutiveFailures >= this.failureThreshold) {
				long ejection = Math.min(this.maxEjectionNanos, this.baseEjectionNanos << Math.min(state.ejections, 20));
				state.ejectedUntilNanos = System.nanoTime() + ejection;
				state.ejections++;
				state.consecutiveFailures = 0;
				logger.warn("Dora provider " + endpoint + " taken out of rotation for " + Duration.ofNanos(ejection)
						+ " after " + this.failureThreshold + " consecutive failures (last: " + reason + ")");
			}
		}
	}

	/** Why the endpoint must not be chosen now, or {@code null} when it may be. */
	public String exclusion(DoraEndpoint endpoint) {
		if (this.states.isEmpty()) {
			return null;
		}
		State state = this.states.get(endpoint);
		if (state == null || !state.isEjected()) {
			return null;
		}
		long leftMillis = (state.ejectedUntilNanos - System.nanoTime()) / 1_000_000;
		return "ejected for another " + leftMillis + " ms after repeated failures (last: " + state.lastFailure + ")";
	}

	/** How much longer the endpoint stays out of rotation; zero when it is in. */
	Duration remainingEjection(DoraEndpoint endpoint) {
		State state = this.states.get(endpoint);
		return (state != null && state.isEjected()) ? Duration.ofNanos(state.ejectedUntilNanos - System.nanoTime())
				: Duration.ZERO;
	}

	/** Whether the endpoint is out of rotation now. */
	public boolean isEjected(DoraEndpoint endpoint) {
		return exclusion(endpoint) != null;
	}

	/** The endpoints with a failure record, for diagnostics. */
	public Map<String, String> snapshot() {
		Map<String, String> result = new LinkedHashMap<>();
		this.states.forEach((endpoint, state) -> {
			String exclusion = exclusion(endpoint);
			result.put(endpoint.toString(), (exclusion != null) ? exclusion
					: state.consecutiveFailures + " recent failures (last: " + state.lastFailure + ")");
		});
		return result;
	}

	private static final class State {

		private int consecutiveFailures;

		private int ejections;

		private volatile long ejectedUntilNanos;

		private volatile String lastFailure;

		boolean isEjected() {
			return this.ejectedUntilNanos != 0 && this.ejectedUntilNanos - System.nanoTime() > 0;
		}

	}

}
