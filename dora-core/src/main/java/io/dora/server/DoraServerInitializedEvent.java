package io.dora.server;

import org.springframework.context.ApplicationEvent;

/**
 * Published once the Dora TCP server is bound and accepting calls.
 */
public class DoraServerInitializedEvent extends ApplicationEvent {

	public DoraServerInitializedEvent(NettyDoraServer server) {
		super(server);
	}

	public NettyDoraServer getServer() {
		return (NettyDoraServer) getSource();
	}

}
