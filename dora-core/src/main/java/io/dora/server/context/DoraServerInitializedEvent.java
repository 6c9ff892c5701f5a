package io.dora.server.context;

import io.dora.server.DoraServer;

import org.springframework.context.ApplicationEvent;

/**
 * Published by {@link DoraServerBootstrap} once the Dora TCP server is bound and accepting calls. The Redis
 * registration and {@code local.dora.server.port} take the server from it.
 */
public class DoraServerInitializedEvent extends ApplicationEvent {

	public DoraServerInitializedEvent(DoraServer server) {
		super(server);
	}

	public DoraServer getServer() {
		return (DoraServer) getSource();
	}

}
