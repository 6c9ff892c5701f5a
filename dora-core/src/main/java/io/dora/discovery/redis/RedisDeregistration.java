package io.dora.discovery.redis;

import io.dora.server.DoraServerLifecycle;

import org.springframework.context.SmartLifecycle;

/**
 * Deletes a provider's registration once its server has stopped: a lifecycle in the phase just below the server's,
 * so it stops right after the server has drained, and before the Redis connection factory (phase 0) stops.
 * Deleting it any earlier would hide a provider that is still finishing calls; any later, Redis is gone.
 * <p>
 * The registration is attached to it rather than injected into it: Spring starts a lifecycle bean's dependencies
 * with it, which would start the registration before the server is bound.
 */
public class RedisDeregistration implements SmartLifecycle {

	/** Just below the server's phase: stopped right after it. */
	public static final int PHASE = DoraServerLifecycle.PHASE - 1;

	private volatile RedisRegistration registration;

	private volatile boolean running;

	/** The registration to delete when this lifecycle stops. */
	public void attach(RedisRegistration registration) {
		this.registration = registration;
	}

	@Override
	public void start() {
		this.running = true;
	}

	@Override
	public void stop() {
		this.running = false;
		RedisRegistration current = this.registration;
		if (current != null) {
			current.deregister();
		}
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		return PHASE;
	}

}
