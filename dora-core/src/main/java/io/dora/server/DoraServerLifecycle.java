package io.dora.server;

import java.time.Duration;

import io.dora.handler.DoraApiRegistry;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.ApplicationEventPublisherAware;
import org.springframework.context.SmartLifecycle;

/**
 * Starts the TCP server once the context is refreshed and stops it gracefully. It runs in the phase of Spring
 * Boot's web server graceful shutdown, so TCP and HTTP drain together; the Redis registration stops in a later
 * phase (first) so that consumers stop choosing this provider before it drains.
 */
public class DoraServerLifecycle implements SmartLifecycle, ApplicationEventPublisherAware {

	/** The phase: the same as Spring Boot's web server graceful shutdown. */
	public static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 1024;

	private static final Log logger = LogFactory.getLog(DoraServerLifecycle.class);

	private final NettyDoraServer server;

	private final DoraApiRegistry registry;

	private final Duration gracePeriod;

	private ApplicationEventPublisher publisher;

	private volatile boolean running;

	public DoraServerLifecycle(NettyDoraServer server, DoraApiRegistry registry, Duration gracePeriod) {
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
			this.running = true;
			return;
		}
		this.server.start();
		this.running = true;
		if (this.publisher != null) {
			this.publisher.publishEvent(new DoraServerInitializedEvent(this.server));
		}
	}

	@Override
	public void stop() {
		this.server.shutdownGracefully(this.gracePeriod);
		this.running = false;
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

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		return PHASE;
	}

}
