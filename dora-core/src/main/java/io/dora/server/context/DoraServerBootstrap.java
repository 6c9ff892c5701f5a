package io.dora.server.context;

import java.time.Duration;
import java.util.function.Function;

import io.dora.handler.DoraApiRegistry;
import io.dora.server.DoraServer;
import io.dora.support.PhasedLifecycle;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.context.ApplicationEvent;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.ApplicationEventPublisherAware;
import org.springframework.context.SmartLifecycle;

/**
 * Starts the TCP server once the context is refreshed, publishes {@link DoraServerInitializedEvent}, and stops the
 * server gracefully. It runs in the phase of Spring Boot's web server graceful shutdown, so TCP and HTTP drain
 * together; the Redis registration stops in a later phase (first) so that consumers stop choosing this provider
 * before it drains.
 * <p>
 * The port for clients of the original PHP Dora RPC is a second server started by a bootstrap of its own, which
 * publishes {@link OriginalProtocolServerInitializedEvent} instead, so that listeners of Dora's own port never
 * mistake it for that port.
 */
public class DoraServerBootstrap extends PhasedLifecycle implements ApplicationEventPublisherAware {

	/** The phase: the same as Spring Boot's web server graceful shutdown. */
	public static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 1024;

	private static final Log logger = LogFactory.getLog(DoraServerBootstrap.class);

	private final DoraServer server;

	private final DoraApiRegistry registry;

	private final Duration gracePeriod;

	private final Function<DoraServer, ApplicationEvent> initializedEvent;

	private ApplicationEventPublisher publisher;

	/**
	 * A bootstrap of Dora's own server, which publishes {@link DoraServerInitializedEvent}.
	 */
	public DoraServerBootstrap(DoraServer server, DoraApiRegistry registry, Duration gracePeriod) {
		this(server, registry, gracePeriod, DoraServerInitializedEvent::new);
	}

	/**
	 * @param server the server to start and stop
	 * @param registry the handlers; without any, the server is not started
	 * @param gracePeriod how long stopping waits for admitted work
	 * @param initializedEvent the event published once the server is bound
	 */
	public DoraServerBootstrap(DoraServer server, DoraApiRegistry registry, Duration gracePeriod,
			Function<DoraServer, ApplicationEvent> initializedEvent) {
		super(PHASE, false);
		this.server = server;
		this.registry = registry;
		this.gracePeriod = gracePeriod;
		this.initializedEvent = initializedEvent;
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
			this.publisher.publishEvent(this.initializedEvent.apply(this.server));
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
