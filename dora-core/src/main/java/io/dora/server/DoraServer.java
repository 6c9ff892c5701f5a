package io.dora.server;

import java.net.InetSocketAddress;
import java.time.Duration;

/**
 * Dora's TCP server, as the lifecycle, the registration and the actuator see it. A {@link DoraServerFactory}
 * creates it paused; {@link #start()} binds the port.
 */
public interface DoraServer {

	/**
	 * Binds the port and starts accepting calls; does nothing if already started.
	 * @throws DoraServerException if the address cannot be bound, for example because the port is in use
	 */
	void start();

	/**
	 * Stops accepting connections and requests (requests still arriving are answered 100015), waits up to
	 * {@code gracePeriod} for admitted work, then closes.
	 * @return whether all admitted work finished within the grace period
	 */
	boolean shutdownGracefully(Duration gracePeriod);

	/** Closes everything now. */
	void stop();

	/** The bound address, or {@code null} when not started. */
	InetSocketAddress address();

	/** The bound port, or -1 when not started. */
	default int port() {
		InetSocketAddress address = address();
		return (address != null) ? address.getPort() : -1;
	}

	/** Whether the port is bound and accepting connections. */
	boolean isRunning();

	/** Whether connections are secured with TLS. */
	boolean isTls();

	/** Whether only signed requests are run. */
	boolean requiresSignedRequests();

}
