package io.dora.server.context;

import java.time.Duration;

import io.dora.handler.DoraApiRegistry;
import io.dora.server.DoraServer;
import io.dora.support.PhasedLifecycle;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.ApplicationEventPublisherAware;
import org.springframework.context.SmartLifecycle;

/**
 * Starts the TCP server once the context is refreshed, publishes {@link DoraServerInitializedEvent}, and stops the
 * server gracefully. It runs in the phase of Spring Boot's web server graceful shutdown, so TCP and HTTP drain
 * together; the Redis registration stops in a later phase (first) so that consumers stop choosing this provider
 * before it drains.
 */
public class DoraServerBootstrap extends PhasedLifecycle implements ApplicationEventPublisherAware {

	/** The phase: the same as Spring Boot's web server graceful shutdown. */
	public static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 1024;

	private static final Log logger = LogFactory.getLog(DoraServerBootstrap.class);

	private final DoraServer server;

	private final DoraApiRegistry registry;

	private final Duration gracePeriod;

	private ApplicationEventPublisher publisher;

	public DoraServerBootstrap(DoraServer server, DoraApiRegistry registry, Duration gracePeriod) {
		super(PHASE, false);
		this.server = server;
		this.registry = registry;
		this.gracePeriod = gracePeriod;
	}

	@Override
	public void setApplicationEventPublisher(ApplicationEventPublisher publisher) {
		this.publisher = publisher;
	}

	@Override
	public void start() {
		if (this.registry.isEmpty()) {
			logger.info("Dora server not started: no @DoraApi handlers are registered");
			setRunning(true);
			return;
		}
		this.server.start();
		setRunning(true);
		if (this.publisher != null) {
			this.publisher.publishEvent(new DoraServerInitializedEvent(this.server));
		}
	}

	@Override
	public void stop() {
		this.server.shutdownGracefully(this.gracePeriod);
		setRunning(false);
	}

	@Override
	public void stop(Runnable callback) {
		Thread drain = new Thread(() -> {
			try {
				stop();
			}
			finally {
				callback.run();
			}
		}, "dora-server-shutdown");
		drain.start();
	}

	/** The server this bootstrap starts and stops. */
	public DoraServer getServer() {
		return this.server;
	}

}
