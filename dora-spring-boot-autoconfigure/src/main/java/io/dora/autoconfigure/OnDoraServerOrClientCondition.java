package io.dora.autoconfigure;

import io.dora.client.DoraClient;
import io.dora.server.netty.NettyDoraServer;

import org.springframework.boot.autoconfigure.condition.AnyNestedCondition;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;

/**
 * A {@link NettyDoraServer} bean or a {@link DoraClient} bean.
 */
class OnDoraServerOrClientCondition extends AnyNestedCondition {

	OnDoraServerOrClientCondition() {
		super(ConfigurationPhase.REGISTER_BEAN);
	}

	@ConditionalOnBean(NettyDoraServer.class)
	static final class DoraServer {

	}

	@ConditionalOnBean(DoraClient.class)
	static final class DoraClientBean {

	}

}
