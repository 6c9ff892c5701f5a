package io.dora.actuate.health;

import io.dora.discovery.redis.InstanceRecord;
import io.dora.discovery.redis.RedisRegistration;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * Health of this provider's registration in Redis.
 * <ul>
 * <li>UP: registering, including while Redis cannot be reached: the server keeps serving the consumers that know
 * it and the registration is retried, so an outage of Redis is reported in the details, never as DOWN (which
 * would restart or unroute a provider that works);</li>
 * <li>OUT_OF_SERVICE: marked draining, the application is shutting down;</li>
 * <li>UNKNOWN: not registering: no {@code dora.registry.groups}, or the server is not listening.</li>
 * </ul>
 */
public class DoraRegistrationHealthIndicator extends AbstractHealthIndicator {

	private final RedisRegistration registration;

	public DoraRegistrationHealthIndicator(RedisRegistration registration) {
		super("Dora registration health check failed");
		this.registration = registration;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		InstanceRecord record = this.registration.record();
		if (record == null) {
			builder.unknown()
				.withDetail("reason", "not registering: dora.registry.groups is empty or the server is not listening");
			return;
		}
		if (record.draining()) {
			builder.outOfService().withDetail("reason", "draining: consumers stop choosing this provider");
		}
		else {
			builder.up();
		}
		builder.withDetail("groups", record.groups())
			.withDetail("endpoint", record.endpoint().toString())
			.withDetail("instanceId", record.id())
			.withDetail("registered", this.registration.isRegistered());
		String failure = this.registration.lastFailure();
		if (failure != null) {
			builder.withDetail("redis", "unreachable, " + this.registration.failedAttempts()
					+ " failed attempts; still serving and retrying: " + failure);
		}
	}

}
