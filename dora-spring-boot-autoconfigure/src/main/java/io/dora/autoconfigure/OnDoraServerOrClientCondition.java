package io.dora.autoconfigure;

import io.dora.client.DoraClient;
import io.dora.server.DoraServer;

import org.springframework.boot.autoconfigure.condition.AnyNestedCondition;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;

/**
 * A {@link DoraServer} bean or a {@link DoraClient} bean.
 */
class OnDoraServerOrClientCondition extends AnyNestedCondition {

	OnDoraServerOrClientCondition() {
		super(ConfigurationPhase.REGISTER_BEAN);
	}

	@ConditionalOnBean(DoraServer.class)
	static final class ServerBean {

	}

	@ConditionalOnBean(DoraClient.class)
	static final class DoraClientBean {

	}

}
