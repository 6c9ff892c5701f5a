package io.dora.autoconfigure;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import io.dora.annotation.DoraApi;
import io.dora.annotation.DoraParam;
import io.dora.client.DoraOperations;
import io.dora.client.DoraTemplate;
import io.dora.handler.DoraApiHandler;
import io.dora.handler.DoraApiRegistry;
import io.dora.handler.DoraCallContext;
import io.dora.handler.DoraDispatcher;
import io.dora.protocol.DoraFrameWriter;
import io.dora.protocol.DoraJsonCodec;
import io.dora.server.DoraServer;
import io.dora.server.DoraServerCustomizer;
import io.dora.server.DoraServerFactory;
import io.dora.server.DoraServerSettings;
import io.dora.server.context.DoraServerPortInfoApplicationContextInitializer;
import io.dora.server.netty.NettyDoraServerFactory;
import io.dora.test.DoraTestContexts;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInboundHandlerAdapter;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;

/**
 * Every condition of the server and client auto-configurations, with the application's own beans.
 */
class DoraAutoConfigurationTests {

	@Test
	void withoutDoraApiBeansNoServerIsConfiguredAndNoPortOpened() {
		DoraTestContexts.runner().withPropertyValues("dora.server.port=0").run((context) -> {
			assertThat(context).doesNotHaveBean(DoraServer.class).doesNotHaveBean(DoraDispatcher.class);
			assertThat(context).hasSingleBean(DoraTemplate.class);
			assertThat(context.getEnvironment()
				.getProperty(DoraServerPortInfoApplicationContextInitializer.PROPERTY_NAME)).isNull();
		});
	}

	@Test
	void classLevelHandlerStartsServerOnFreePortAndPublishesIt() {
		DoraTestContexts.runner()
			.withInitializer(new DoraServerPortInfoApplicationContextInitializer())
			.withPropertyValues("dora.server.port=0")
			.withUserConfiguration(ClassLevelHandler.class)
			.run((context) -> {
				DoraServer server = context.getBean(DoraServer.class);
				assertThat(server.isRunning()).isTrue();
				assertThat(server.port()).isPositive();
				assertThat(context.getEnvironment()
					.getProperty(DoraServerPortInfoApplicationContextInitializer.PROPERTY_NAME, Integer.class))
					.isEqualTo(server.port());
				assertThat(DoraTestContexts.selfTemplate(context).call("/class/level", "x", String.class))
					.isEqualTo("class x");
			});
	}

	@Test
	void methodLevelHandlerOnPlainBeanActivatesServer() {
		DoraTestContexts.runner()
			.withPropertyValues("dora.server.port=0")
			.withUserConfiguration(MethodLevelHandlers.class)
			.run((context) -> {
				assertThat(context).hasSingleBean(DoraServer.class);
				assertThat(context.getBean(DoraApiRegistry.class).lookup("/method/one")).isNotNull();
			});
	}

	@Test
	void serverCustomizersAreAppliedInOrderToTheBootstrapAndEveryConnection() {
		DoraTestContexts.provider()
			.withUserConfiguration(Customizers.class)
			.run((context) -> {
				Customizers customizers = context.getBean(Customizers.class);
				assertThat(DoraTestContexts.selfTemplate(context).call("/echo", "x", String.class)).isEqualTo("x");
				assertThat(customizers.calls).startsWith("first bootstrap", "second bootstrap")
					.contains("first connection", "second connection");
				assertThat(customizers.lastHandler).isEqualTo("customized");
			});
	}

	@Test
	void userDefinedServerFactoryMakesOursBackOff() {
		DoraTestContexts.provider()
			.withUserConfiguration(CustomFactory.class)
			.run((context) -> {
				assertThat(context).doesNotHaveBean(NettyDoraServerFactory.class);
				assertThat(context.getBean(DoraServer.class)).isSameAs(context.getBean(CustomFactory.class).created);
			});
	}

	@Test
	void serverCanBeSwitchedOff() {
		DoraTestContexts.runner()
			.withPropertyValues("dora.server.enabled=false")
			.withUserConfiguration(ClassLevelHandler.class)
			.run((context) -> assertThat(context).doesNotHaveBean(DoraServer.class)
				.doesNotHaveBean(DoraDispatcher.class)
				.hasSingleBean(DoraTemplate.class));
	}

	@Test
	void clientCanBeSwitchedOff() {
		DoraTestContexts.runner()
			.withPropertyValues("dora.client.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(DoraOperations.class));
	}

	@Test
	void userDefinedOperationsMakeOursBackOff() {
		DoraOperations custom = mock(DoraOperations.class);
		DoraTestContexts.runner().withBean(DoraOperations.class, () -> custom).run((context) -> {
			assertThat(context).hasSingleBean(DoraOperations.class);
			assertThat(context.getBean(DoraOperations.class)).isSameAs(custom);
			assertThat(context).doesNotHaveBean(DoraTemplate.class);
		});
	}

	@Test
	void withoutNettyNothingIsConfigured() {
		DoraTestContexts.runner()
			.withClassLoader(new FilteredClassLoader("io.netty"))
			.withUserConfiguration(ClassLevelHandler.class)
			.run((context) -> assertThat(context).doesNotHaveBean(DoraDispatcher.class)
				.doesNotHaveBean(DoraOperations.class));
	}

	@Test
	void doraApiDoesNotChangeTheBeanName() {
		DoraTestContexts.runner()
			.withPropertyValues("dora.server.port=0")
			.withUserConfiguration(ScannedHandlerConfiguration.class)
			.run((context) -> {
				assertThat(context.getBeanNamesForType(ScannedHandler.class)).containsExactly("scannedHandler");
				assertThat(context.getBean(DoraApiRegistry.class).lookup("/scanned")).isNotNull();
			});
	}

	@Test
	void placeholdersInPathsAreResolved() {
		DoraTestContexts.runner()
			.withPropertyValues("dora.server.port=0", "app.module=module_z")
			.withUserConfiguration(PlaceholderHandlers.class)
			.run((context) -> assertThat(context.getBean(DoraApiRegistry.class).lookup("/module_z/ping")).isNotNull());
	}

	@Test
	void twoHandlersOnOnePathFailStartupNamingBoth() {
		DoraTestContexts.runner()
			.withPropertyValues("dora.server.port=0")
			.withUserConfiguration(ClassLevelHandler.class, DuplicateHandler.class)
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(context.getStartupFailure()).rootCause()
					.hasMessageContaining("/class/level")
					.hasMessageContaining("'classLevelHandler'")
					.hasMessageContaining("'duplicateHandler'");
			});
	}

	@Test
	void handlerMethodWithTwoParametersOfOneNameFailsStartupNamingIt() {
		DoraTestContexts.runner()
			.withPropertyValues("dora.server.port=0")
			.withUserConfiguration(UnbindableHandlers.class)
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(context.getStartupFailure()).rootCause()
					.hasMessageContaining("UnbindableHandlers.twoParams()")
					.hasMessageContaining("two of its parameters have the same name 'a'");
			});
	}

	@Test
	void staticGroupBecomesTheDefaultTarget() {
		DoraTestContexts.runner()
			.withPropertyValues("dora.client.groups.g1.endpoints=127.0.0.1:9567,127.0.0.1:9568")
			.run((context) -> assertThat(context.getBean(DoraTemplate.class).getTarget().group()).isEqualTo("g1"));
	}

	@Configuration(proxyBeanMethods = false)
	static class ClassLevelHandler {

		@Bean
		ClassHandler classLevelHandler() {
			return new ClassHandler();
		}

	}

	@DoraApi("/class/level")
	static class ClassHandler implements DoraApiHandler<String, String> {

		@Override
		public String handle(String param, DoraCallContext context) {
			return "class " + param;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class DuplicateHandler {

		@Bean
		ClassHandler duplicateHandler() {
			return new ClassHandler();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class MethodLevelHandlers {

		@Bean
		Handlers handlers() {
			return new Handlers();
		}

		static class Handlers {

			@DoraApi("/method/one")
			Map<String, String> one() {
				return Map.of("a", "b");
			}

		}

	}

	@Configuration(proxyBeanMethods = false)
	@org.springframework.context.annotation.ComponentScan(basePackageClasses = ScannedHandler.class,
			useDefaultFilters = false,
			includeFilters = @org.springframework.context.annotation.ComponentScan.Filter(
					type = org.springframework.context.annotation.FilterType.ASSIGNABLE_TYPE,
					classes = ScannedHandler.class))
	static class ScannedHandlerConfiguration {

	}

	@Configuration(proxyBeanMethods = false)
	static class PlaceholderHandlers {

		@Bean
		Ping placeholderHandlers() {
			return new Ping();
		}

		static class Ping {

			@DoraApi("/${app.module}/ping")
			String ping() {
				return "pong";
			}

		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UnbindableHandlers {

		@Bean
		UnbindableHandlers unbindable() {
			return new UnbindableHandlers();
		}

		@DoraApi("/two")
		String twoParams(@DoraParam("a") String a, @DoraParam("a") String b) {
			return a + b;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class Customizers {

		final List<String> calls = new CopyOnWriteArrayList<>();

		volatile String lastHandler;

		@Bean
		@Order(2)
		DoraServerCustomizer second() {
			return recording("second");
		}

		@Bean
		@Order(1)
		DoraServerCustomizer first() {
			return recording("first");
		}

		private DoraServerCustomizer recording(String name) {
			return new DoraServerCustomizer() {

				@Override
				public void customize(ServerBootstrap bootstrap) {
					Customizers.this.calls.add(name + " bootstrap");
				}

				@Override
				public void customize(Channel channel) {
					Customizers.this.calls.add(name + " connection");
					if (name.equals("second")) {
						channel.pipeline().addLast("customized", new ChannelInboundHandlerAdapter());
						Customizers.this.lastHandler = channel.pipeline().lastContext().name();
					}
				}

			};
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class CustomFactory {

		volatile DoraServer created;

		@Bean
		DoraServerFactory customDoraServerFactory(DoraServerProperties properties, DoraJsonCodec codec) {
			return (dispatcher) -> {
				NettyDoraServerFactory factory = new NettyDoraServerFactory(new DoraServerSettings("127.0.0.1", 0, 1,
						1024 * 1024, Duration.ofSeconds(5), Duration.ZERO, 0), new DoraFrameWriter(codec, 1024 * 1024, -1));
				this.created = factory.getServer(dispatcher);
				return this.created;
			};
		}

	}

}
