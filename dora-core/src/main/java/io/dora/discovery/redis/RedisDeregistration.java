package io.dora.discovery.redis;

import io.dora.server.context.DoraServerBootstrap;
import io.dora.support.PhasedLifecycle;


/**
 * Deletes a provider's registration once its server has stopped: a lifecycle in the phase just below the server's,
 * so it stops right after the server has drained, and before the Redis connection factory (phase 0) stops.
 * Deleting it any earlier would hide a provider that is still finishing calls; any later, Redis is gone.
 * <p>
 * The registration is attached to it rather than injected into it: Spring starts a lifecycle bean's dependencies
 * with it, which would start the registration before the server is bound.
 */
public class RedisDeregistration extends PhasedLifecycle {

	/** Just below the server's phase: stopped right after it. */
	public static final int PHASE = DoraServerBootstrap.PHASE - 1;

	private volatile RedisRegistration registration;

	public RedisDeregistration() {
		super(PHASE, false);
	}

	/** The registration to delete when this lifecycle stops. */
	public void attach(RedisRegistration registration) {
		this.registration = registration;
	}

	@Override
	public void start() {
		setRunning(true);
	}

	@Override
	public void stop() {
		setRunning(false);
		RedisRegistration current = this.registration;
		if (current != null) {
			current.deregister();
		}
	}

}
