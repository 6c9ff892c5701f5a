package io.dora.autoconfigure;

import java.time.Duration;

import io.dora.handler.DoraDispatcher;
import io.dora.protocol.DoraJsonCodec;
import io.dora.test.DoraTestContexts;
import io.dora.test.TestHandlers;
import io.dora.web.DoraHttpBasePath;
import io.dora.web.DoraHttpController;
import io.dora.web.DoraHttpSettings;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.DispatcherServlet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every condition of the HTTP endpoint's auto-configuration.
 */
class DoraWebMvcAutoConfigurationTests {

	private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, DoraServerAutoConfiguration.class,
				DoraClientAutoConfiguration.class, DoraWebMvcAutoConfiguration.class))
		.withPropertyValues("dora.server.port=0");

	@Test
	void servletApplicationWithHandlersGetsTheEndpoint() {
		this.runner.withBean(TestHandlers.class).run((context) -> {
			assertThat(context).hasSingleBean(DoraHttpController.class).hasSingleBean(DoraHttpBasePath.class);
			assertThat(context.getBean(DoraHttpBasePath.class).prefix()).isEmpty();
		});
	}

	@Test
	void basePathIsNormalized() {
		this.runner.withBean(TestHandlers.class)
			.withPropertyValues("dora.server.http.base-path=dora/")
			.run((context) -> assertThat(context.getBean(DoraHttpBasePath.class).prefix()).isEqualTo("/dora"));
	}

	@Test
	void withoutHandlersThereIsNoDispatcherAndNoEndpoint() {
		this.runner.run((context) -> assertThat(context).doesNotHaveBean(DoraDispatcher.class)
			.doesNotHaveBean(DoraHttpController.class));
	}

	@Test
	void endpointCanBeSwitchedOffWhileTcpStays() {
		this.runner.withBean(TestHandlers.class)
			.withPropertyValues("dora.server.http.enabled=false")
			.run((context) -> assertThat(context).hasSingleBean(DoraDispatcher.class)
				.doesNotHaveBean(DoraHttpController.class)
				.doesNotHaveBean(DoraHttpBasePath.class));
	}

	@Test
	void switchingTheServerOffRemovesTheEndpointToo() {
		this.runner.withBean(TestHandlers.class)
			.withPropertyValues("dora.server.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(DoraHttpController.class));
	}

	@Test
	void withoutSpringMvcThereIsNoEndpoint() {
		this.runner.withBean(TestHandlers.class)
			.withClassLoader(new FilteredClassLoader(DispatcherServlet.class))
			.run((context) -> assertThat(context).hasSingleBean(DoraDispatcher.class)
				.doesNotHaveBean(DoraHttpController.class));
	}

	@Test
	void nonWebAndReactiveApplicationsGetNoEndpoint() {
		DoraTestContexts.provider()
			.run((context) -> assertThat(context).hasSingleBean(DoraDispatcher.class)
				.doesNotHaveBean(DoraHttpController.class));
		new ReactiveWebApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, DoraServerAutoConfiguration.class,
					DoraWebMvcAutoConfiguration.class))
			.withPropertyValues("dora.server.port=0")
			.withBean(TestHandlers.class)
			.run((context) -> assertThat(context).hasSingleBean(DoraDispatcher.class)
				.doesNotHaveBean(DoraHttpController.class));
	}

	@Test
	void userDefinedControllerMakesOursBackOff() {
		this.runner.withBean(TestHandlers.class)
			.withUserConfiguration(CustomControllerConfiguration.class)
			.run((context) -> {
				assertThat(context).hasSingleBean(DoraHttpController.class);
				assertThat(context.getBeanNamesForType(DoraHttpController.class)).containsExactly("myDoraHttpController");
			});
	}

	@Test
	void timeoutsAreBoundAndMustBePositive() {
		this.runner.withBean(TestHandlers.class)
			.withPropertyValues("dora.server.http.timeout=0s")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("timeout must be at least 1 ms"));
	}

	@Configuration(proxyBeanMethods = false)
	static class CustomControllerConfiguration {

		@Bean
		DoraHttpController myDoraHttpController(DoraDispatcher dispatcher, DoraJsonCodec codec) {
			return new DoraHttpController(dispatcher, codec,
					new DoraHttpSettings(1024, Duration.ofSeconds(1), Duration.ofSeconds(1)));
		}

	}

}
