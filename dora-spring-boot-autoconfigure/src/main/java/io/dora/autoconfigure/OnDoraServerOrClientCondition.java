package io.dora.autoconfigure;

import io.dora.client.connection.DoraConnectionManager;
import io.dora.server.DoraServer;

import org.springframework.boot.autoconfigure.condition.AnyNestedCondition;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;

/**
 * A {@link DoraServer} bean or a {@link DoraConnectionManager} bean (the client's).
 */
class OnDoraServerOrClientCondition extends AnyNestedCondition {

	OnDoraServerOrClientCondition() {
		super(ConfigurationPhase.REGISTER_BEAN);
	}

	@ConditionalOnBean(DoraServer.class)
	static final class ServerBean {

	}

	@ConditionalOnBean(DoraConnectionManager.class)
	static final class DoraClientBean {

	}

}
