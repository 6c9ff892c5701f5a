package io.dora.client.proxy;

import java.lang.reflect.Proxy;
import java.util.List;

import io.dora.client.DoraTemplate;
import io.dora.client.proxy.scanned.ScannedApplication;
import io.dora.client.proxy.scanned.ScannedClient;
import io.dora.test.DoraTestContexts;
import io.dora.test.TestHandlers.User;
import io.dora.test.TestHandlers.UserQuery;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How {@code @DoraClient} interfaces become beans: found in the application's packages or listed with
 * {@code @ImportDoraClients}, named after the interface, and never in the way of a bean the application defines.
 */
class DoraClientRegistrationTests {

	private final ApplicationContextRunner consumer = DoraTestContexts.runner()
		.withPropertyValues("dora.server.enabled=false");

	@Test
	void interfaceInTheApplicationsPackageIsFoundAndCallsTheProvider() {
		DoraTestContexts.provider().run((provider) -> this.consumer.withUserConfiguration(ScannedApplication.class)
			.withPropertyValues("test.provider=127.0.0.1:" + DoraTestContexts.port(provider))
			.run((context) -> {
				assertThat(context).hasSingleBean(ScannedClient.class);
				assertThat(context.getBeanNamesForType(ScannedClient.class)).containsExactly(ScannedClient.class.getName());
				assertThat(context.getBean(ScannedClient.class).get(new UserQuery(4)).name()).isEqualTo("user-4");
			}));
	}

	@Test
	void interfaceListedWithImportIsRegistered() {
		this.consumer.withUserConfiguration(ImportsTheClient.class).run((context) -> {
			assertThat(context).hasSingleBean(TestUserClient.class);
			assertThat(Proxy.isProxyClass(context.getBean(TestUserClient.class).getClass())).isTrue();
		});
	}

	@Test
	void backsOffWhenTheApplicationDefinesTheBean() {
		this.consumer.withUserConfiguration(ScannedApplication.class, OwnClient.class).run((context) -> {
			assertThat(context).hasSingleBean(ScannedClient.class);
			assertThat(context.getBean(ScannedClient.class)).isSameAs(context.getBean(OwnClient.class).own);
		});
	}

	@Test
	void providerImplementingTheInterfaceIsServedAtItsPathsAndInjectedLocally() {
		DoraTestContexts.runner()
			.withPropertyValues("dora.server.port=0")
			.withUserConfiguration(ScannedApplication.class, LocalImplementation.class)
			.run((context) -> {
				assertThat(context).hasSingleBean(ScannedClient.class);
				assertThat(context.getBean(ScannedClient.class)).isInstanceOf(LocalImplementation.class);
				String self = "127.0.0.1:" + DoraTestContexts.port(context);
				ScannedClient remote = new DoraClientProxyFactory(context.getBean(DoraTemplate.class),
						(value) -> value.replace("${test.provider}", self))
					.createClient(ScannedClient.class);
				assertThat(remote.get(new UserQuery(9))).isEqualTo(new User(9, "local", List.of(9)));
			});
	}

	@Test
	void noClientsWhenTheClientIsDisabled() {
		this.consumer.withUserConfiguration(ScannedApplication.class)
			.withPropertyValues("dora.client.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(ScannedClient.class));
	}

	@Configuration(proxyBeanMethods = false)
	@ImportDoraClients(TestUserClient.class)
	static class ImportsTheClient {

	}

	static class LocalImplementation implements ScannedClient {

		@Override
		public User get(UserQuery query) {
			return new User(query.id(), "local", List.of((int) query.id()));
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class OwnClient {

		final ScannedClient own = (query) -> new User(query.id(), "own", List.of());

		@Bean
		ScannedClient ownScannedClient() {
			return this.own;
		}

	}

}
