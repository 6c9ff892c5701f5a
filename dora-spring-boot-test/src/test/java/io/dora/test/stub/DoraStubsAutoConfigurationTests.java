package io.dora.test.stub;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.Set;

import io.dora.autoconfigure.DoraClientAutoConfiguration;
import io.dora.client.DoraTemplate;
import io.dora.discovery.DoraGroupView;
import io.dora.discovery.DoraServiceDiscovery;
import io.dora.discovery.StaticServiceDiscovery;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * When the stubs are configured and how they take the place of the application's discovery.
 */
class DoraStubsAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner().withConfiguration(AutoConfigurations
		.of(JacksonAutoConfiguration.class, DoraStubsAutoConfiguration.class, DoraClientAutoConfiguration.class));

	@Test
	void staticGroupsResolveToTheStubsAndStillChooseTheDefaultGroup() {
		this.runner.withPropertyValues("dora.client.groups.orders.endpoints=10.0.0.1:9567").run((context) -> {
			assertThat(context).hasSingleBean(DoraStubs.class).doesNotHaveBean(StaticServiceDiscovery.class);
			DoraStubs stubs = context.getBean(DoraStubs.class);
			DoraServiceDiscovery discovery = context.getBean(DoraServiceDiscovery.class);
			assertThat(discovery.view("orders").instances()).singleElement()
				.satisfies((instance) -> assertThat(instance.endpoint()).isEqualTo(stubs.endpoint()));
			assertThat(context.getBean(DoraTemplate.class).getTarget().group()).isEqualTo("orders");
			// The caller takes the one discovery bean.
			assertThat(context.getBeanProvider(DoraServiceDiscovery.class).stream()).containsExactly(discovery);
		});
	}

	@Test
	void outranksADiscoveryTheApplicationDefines() {
		DoraServiceDiscovery own = new DoraServiceDiscovery() {

			@Override
			public DoraGroupView view(String group) {
				return DoraGroupView.empty(group, "own");
			}

			@Override
			public Set<String> knownGroups() {
				return Set.of();
			}

		};
		this.runner.withBean("ownDiscovery", DoraServiceDiscovery.class, () -> own)
			// The caller takes the primary discovery bean.
			.run((context) -> assertThat(context.getBean(DoraServiceDiscovery.class))
				.isInstanceOf(StubServiceDiscovery.class));
	}

	@Test
	void notConfiguredWithoutAClient() {
		this.runner.withPropertyValues("dora.client.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(DoraStubs.class)
				.doesNotHaveBean(DoraServiceDiscovery.class));
	}

	@Test
	void theStubServerStopsWithTheContext() {
		this.runner.run((context) -> {
			DoraStubs stubs = context.getBean(DoraStubs.class);
			context.close();
			try (Socket socket = new Socket()) {
				assertThat(connects(socket, stubs.endpoint().port())).isFalse();
			}
		});
	}

	private static boolean connects(Socket socket, int port) {
		try {
			socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

}
