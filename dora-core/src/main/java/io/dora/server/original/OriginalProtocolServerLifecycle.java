package io.dora.server.original;

import java.time.Duration;

import io.dora.handler.DoraApiRegistry;
import io.dora.server.DoraServerLifecycle;

import org.springframework.context.SmartLifecycle;

/**
 * Starts the original-protocol port with Dora's own port (once the context is refreshed, when there are handlers)
 * and stops it gracefully in the same phase, so both drain together.
 */
public class OriginalProtocolServerLifecycle implements SmartLifecycle {

	private final OriginalProtocolServer server;

	private final DoraApiRegistry registry;

	private final Duration gracePeriod;

	private volatile boolean running;

	public OriginalProtocolServerLifecycle(OriginalProtocolServer server, DoraApiRegistry registry,
			Duration gracePeriod) {
		this.server = server;
		this.registry = registry;
		this.gracePeriod = gracePeriod;
	}

	@Override
	public void start() {
		if (!this.registry.isEmpty()) {
			this.server.start();
		}
		this.running = true;
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
		}, "dora-original-shutdown");
		drain.start();
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		return DoraServerLifecycle.PHASE;
	}

}
