package io.dora.autoconfigure.diagnostics;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;

import io.dora.annotation.DoraApi;
import io.dora.annotation.DoraClient;
import io.dora.annotation.DoraParam;
import io.dora.autoconfigure.DoraClientAutoConfiguration;
import io.dora.autoconfigure.DoraDiscoveryAutoConfiguration;
import io.dora.autoconfigure.DoraRedisRequirementAutoConfiguration;
import io.dora.autoconfigure.DoraServerAutoConfiguration;
import io.dora.client.proxy.DoraClientsRegistrar;
import io.dora.client.proxy.ImportDoraClients;
import io.dora.test.CompiledWithoutParameterNames;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.boot.Banner;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.io.DefaultResourceLoader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * Applications that fail to start for a Dora reason report it the way Spring Boot reports its own failures: a
 * description and an action under "APPLICATION FAILED TO START".
 */
@ExtendWith(OutputCaptureExtension.class)
class DoraFailureAnalyzersTests {

	@Test
	void portAlreadyInUse(CapturedOutput output) throws IOException {
		try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			int port = taken.getLocalPort();
			failToStart(Provider.class, "dora.server.address=127.0.0.1", "dora.server.port=" + port);
			assertThat(output).contains("APPLICATION FAILED TO START")
				.contains("Dora server failed to start. Port " + port + " was already in use.")
				.contains("Identify and stop the process that's listening on port " + port)
				.contains("dora.server.port (0 picks a free one)");
		}
	}

	@Test
	void addressThatIsNotThisMachines(CapturedOutput output) {
		// TEST-NET-1 (RFC 5737): never an address of this machine.
		failToStart(Provider.class, "dora.server.address=192.0.2.1", "dora.server.port=0");
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("Dora server failed to start. It could not bind 192.0.2.1:0")
			.contains("Check dora.server.address");
	}

	@Test
	void twoHandlersOnOnePath(CapturedOutput output) {
		failToStart(TwoHandlersOnOnePath.class, "dora.server.port=0");
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("Two @DoraApi handlers are mapped to '/orders/get':")
			.contains("bean 'first': " + OrderApis.class.getName() + ".get()")
			.contains("bean 'second': " + OrderApis.class.getName() + ".get()")
			.contains("Map one of them to another path, or remove one of them.");
	}

	@Test
	void handlerMethodThatCannotBeBound(CapturedOutput output) {
		failToStart(UnbindableHandler.class, "dora.server.port=0");
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("@DoraApi(\"/orders/find\") on " + TwoParameters.class.getName() + ".find() cannot be served:")
			.contains("Reason: two of its parameters have the same name 'customer'")
			.contains("Give each parameter its own @DoraParam name.");
	}

	@Test
	void classThatDoesNotImplementTheHandlerContract(CapturedOutput output) {
		failToStart(ClassWithoutContract.class, "dora.server.port=0");
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("@DoraApi(\"/not/a/handler\") on class " + NotAHandler.class.getName() + " cannot be served:")
			.contains("Reason: the class does not implement io.dora.handler.DoraApiHandler")
			.contains("Implement DoraApiHandler<P, R> in the class, or move @DoraApi");
	}

	@Test
	void ttlNotLongerThanTheHeartbeat(CapturedOutput output) {
		failToStart(RegisteringProvider.class, "dora.server.port=0", "dora.registry.groups=g1",
				"dora.registry.heartbeat-interval=5s", "dora.registry.ttl=5s");
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("Invalid Dora configuration:")
			.contains("Property: dora.registry.ttl")
			.contains("Reason: the TTL (5000ms) is not longer than dora.registry.heartbeat-interval (5000ms)")
			.contains("Make dora.registry.ttl about three times dora.registry.heartbeat-interval, such as 15000ms.");
	}

	@Test
	void registryWithoutSpringDataRedis(CapturedOutput output) {
		assertThatException().isThrownBy(() -> new SpringApplicationBuilder(ProviderWithoutSpringDataRedis.class)
			.resourceLoader(new DefaultResourceLoader(new FilteredClassLoader("org.springframework.data.redis")))
			.web(WebApplicationType.NONE)
			.bannerMode(Banner.Mode.OFF)
			.logStartupInfo(false)
			.properties("dora.server.port=0", "dora.registry.groups=g1")
			.run()
			.close());
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("Property: dora.registry.groups")
			.contains("Reason: the provider would register in Redis under [g1], which needs Spring Data Redis, and it "
					+ "is not on the class path (the Dora starter does not bring it)")
			.contains("Add org.springframework.boot:spring-boot-starter-data-redis to the application's dependencies");
	}

	@Test
	void signingKeyThatIsNotConfigured(CapturedOutput output) {
		failToStart(Provider.class, "dora.server.port=0", "dora.security.keys.k1=0123456789abcdef0123",
				"dora.security.signing-key=k2");
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("Property: dora.security.signing-key")
			.contains("Reason: the signing key 'k2' is not one of dora.security.keys [k1]")
			.contains("Add the key to dora.security.keys or choose one of [k1].");
	}

	@Test
	void clientMethodThatCannotBeCalled(CapturedOutput output) {
		failToStart(UncallableClient.class);
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("@DoraClient " + TwoUnnamedWays.class.getName() + ".notify(String) cannot be called:")
			.contains("Reason: it returns void without saying that the call is one-way")
			.contains("Mark it @DoraOneWay");
	}

	@Test
	void clientMethodWithTwoParametersWhoseNamesWereNotCompiled(CapturedOutput output) {
		Class<?> client = CompiledWithoutParameterNames.compile("io.dora.unnamed.OrderSearch", """
				package io.dora.unnamed;

				import io.dora.annotation.DoraApi;
				import io.dora.annotation.DoraClient;

				@DoraClient
				public interface OrderSearch {

					@DoraApi("/orders/search")
					String search(String customer, int limit);

				}
				""", DoraApi.class);
		assertThatException().isThrownBy(() -> new SpringApplicationBuilder(Dora.class)
			.initializers((context) -> DoraClientsRegistrar.register(client,
					(BeanDefinitionRegistry) context.getBeanFactory(), context.getBeanFactory()))
			.web(WebApplicationType.NONE)
			.bannerMode(Banner.Mode.OFF)
			.logStartupInfo(false)
			.run()
			.close());
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("@DoraClient io.dora.unnamed.OrderSearch.search(String, int) cannot be called:")
			.contains("Reason: it has 2 parameters and their names were not compiled")
			.contains("Name each parameter with @DoraParam(\"name\"), compile with javac -parameters");
	}

	private static void failToStart(Class<?> application, String... properties) {
		assertThatException().isThrownBy(() -> new SpringApplicationBuilder(application)
			.web(WebApplicationType.NONE)
			.bannerMode(Banner.Mode.OFF)
			.logStartupInfo(false)
			.properties(properties)
			.run()
			.close());
	}

	@Configuration(proxyBeanMethods = false)
	@Import(Dora.class)
	@ImportDoraClients(TwoUnnamedWays.class)
	static class UncallableClient {

	}

	@DoraClient
	interface TwoUnnamedWays {

		@DoraApi("/orders/notify")
		void notify(String order);

	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration({ JacksonAutoConfiguration.class, DoraServerAutoConfiguration.class,
			DoraClientAutoConfiguration.class })
	static class Dora {

	}

	@Configuration(proxyBeanMethods = false)
	@Import(Dora.class)
	static class Provider {

		@Bean
		OrderApis orderApis() {
			return new OrderApis();
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration({ DataRedisAutoConfiguration.class, DoraDiscoveryAutoConfiguration.class })
	@Import(Provider.class)
	static class RegisteringProvider {

	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration(DoraRedisRequirementAutoConfiguration.class)
	@Import(Provider.class)
	static class ProviderWithoutSpringDataRedis {

	}

	@Configuration(proxyBeanMethods = false)
	@Import(Dora.class)
	static class TwoHandlersOnOnePath {

		@Bean
		OrderApis first() {
			return new OrderApis();
		}

		@Bean
		OrderApis second() {
			return new OrderApis();
		}

	}

	@Configuration(proxyBeanMethods = false)
	@Import(Dora.class)
	static class UnbindableHandler {

		@Bean
		TwoParameters twoParameters() {
			return new TwoParameters();
		}

	}

	@Configuration(proxyBeanMethods = false)
	@Import(Dora.class)
	static class ClassWithoutContract {

		@Bean
		NotAHandler notAHandler() {
			return new NotAHandler();
		}

	}

	static class OrderApis {

		@DoraApi("/orders/get")
		String get() {
			return "order";
		}

	}

	static class TwoParameters {

		@DoraApi("/orders/find")
		String find(@DoraParam("customer") String customer, @DoraParam("customer") String status) {
			return customer + status;
		}

	}

	@DoraApi("/not/a/handler")
	static class NotAHandler {

	}

}
