package io.dora.actuate.health;

import java.net.InetSocketAddress;

import io.dora.handler.DoraDispatcher;
import io.dora.server.DoraServer;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * Health of the Dora TCP server.
 * <ul>
 * <li>UP: bound and accepting calls;</li>
 * <li>OUT_OF_SERVICE: shutting down, new calls are answered 100015 so that callers go elsewhere;</li>
 * <li>DOWN: handlers are registered but the port is not bound (not started yet, or stopped);</li>
 * <li>UNKNOWN: nothing to serve, no {@code @DoraApi} handler is registered.</li>
 * </ul>
 */
public class DoraServerHealthIndicator extends AbstractHealthIndicator {

	private final DoraServer server;

	private final DoraDispatcher dispatcher;

	/**
	 * @param server the server
	 * @param dispatcher the dispatcher that runs its calls
	 */
	public DoraServerHealthIndicator(DoraServer server, DoraDispatcher dispatcher) {
		super("Dora server health check failed");
		this.server = server;
		this.dispatcher = dispatcher;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		DoraDispatcher dispatcher = this.dispatcher;
		InetSocketAddress address = this.server.address();
		if (address != null && this.server.isRunning()) {
			if (dispatcher.isAccepting()) {
				builder.up();
			}
			else {
				builder.outOfService().withDetail("reason", "shutting down: new calls are answered 100015");
			}
			builder.withDetail("port", address.getPort())
				.withDetail("transport", this.server.isTls() ? "tls" : "tcp")
				.withDetail("signedRequestsOnly", this.server.requiresSignedRequests());
		}
		else if (dispatcher.registry().isEmpty()) {
			builder.unknown().withDetail("reason", "not started: no @DoraApi handlers are registered");
		}
		else if (!dispatcher.isAccepting()) {
			builder.outOfService().withDetail("reason", "stopped after shutting down");
		}
		else {
			builder.down().withDetail("reason", "the port is not bound");
		}
		builder.withDetail("apis", dispatcher.registry().size())
			.withDetail("connections", dispatcher.stats().openConnections())
			.withDetail("inFlight", dispatcher.inFlight())
			.withDetail("queued", dispatcher.queued());
	}

}
