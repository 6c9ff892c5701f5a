package io.dora.server.context;

import io.dora.server.DoraServer;

import org.springframework.context.ApplicationEvent;

/**
 * Published by the {@link DoraServerBootstrap} of the port for clients of the original PHP Dora RPC once that port
 * is bound. The announcement in the original's Redis keys takes the port from it. A type of its own, not a
 * {@link DoraServerInitializedEvent}: Dora's registration and {@code local.dora.server.port} describe Dora's own
 * port only.
 */
public class OriginalProtocolServerInitializedEvent extends ApplicationEvent {

	public OriginalProtocolServerInitializedEvent(DoraServer server) {
		super(server);
	}

	public DoraServer getServer() {
		return (DoraServer) getSource();
	}

}
