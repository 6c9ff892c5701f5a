package io.dora.server;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;

/**
 * Customizes the Netty server a {@link DoraServerFactory} creates: its bootstrap options, and the pipeline of each
 * accepted connection. Applied in order ({@link org.springframework.core.Ordered}, {@code @Order}) by the
 * auto-configuration to every customizer bean.
 */
public interface DoraServerCustomizer {

	/**
	 * Customizes the bootstrap before it binds, for example its options and child options. Dora has set its own
	 * options and the connection initializer already.
	 */
	default void customize(ServerBootstrap bootstrap) {
	}

	/**
	 * Customizes the pipeline of an accepted connection once Dora's handlers are in it; the Dora server handler is
	 * last.
	 */
	default void customize(Channel channel) {
	}

}
