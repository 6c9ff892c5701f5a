package io.dora.client;

import java.net.ServerSocket;

import io.dora.test.DoraTestContexts;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Calls that never reached a provider go to another provider of the group, even without retries.
 */
class FailoverTests {

	@Test
	void unreachableProviderIsSkippedWithoutRetries() throws Exception {
		int closedPort;
		try (ServerSocket socket = new ServerSocket(0)) {
			closedPort = socket.getLocalPort();
		}
		int deadPort = closedPort;
		DoraTestContexts.provider().run((provider) -> DoraTestContexts.runner()
			.withPropertyValues("dora.client.retries=0", "dora.client.load-balancer=round-robin",
					"dora.client.groups.g1.endpoints=127.0.0.1:" + deadPort + ",127.0.0.1:"
							+ DoraTestContexts.port(provider))
			.run((consumer) -> {
				DoraTemplate dora = consumer.getBean(DoraTemplate.class);
				for (int i = 0; i < 20; i++) {
					assertThat(dora.call("/echo", "call " + i, String.class)).isEqualTo("call " + i);
				}
				assertThat(consumer.getBean(EndpointHealth.class).snapshot()).containsKey("127.0.0.1:" + deadPort);
			}));
	}

}
