package io.dora.test.context;

import java.util.List;
import java.util.Map;

import io.dora.test.stub.AutoConfigureDoraStubs;
import org.junit.jupiter.api.Test;

import org.springframework.context.support.GenericApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.support.TestPropertySourceUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The properties Dora's test annotations imply, and their precedence.
 */
class DoraTestPropertiesContextCustomizerFactoryTests {

	private final DoraTestPropertiesContextCustomizerFactory factory = new DoraTestPropertiesContextCustomizerFactory();

	@Test
	void nothingWithoutDoraAnnotations() {
		assertThat(this.factory.createContextCustomizer(Plain.class, List.of())).isNull();
	}

	@Test
	void randomPortSetsPortZeroBelowTheTestsOwnProperties() {
		GenericApplicationContext context = new GenericApplicationContext();
		context.getEnvironment()
			.getPropertySources()
			.addFirst(new MapPropertySource(TestPropertySourceUtils.INLINED_PROPERTIES_PROPERTY_SOURCE_NAME,
					Map.of("dora.server.port", "19567")));
		context.getEnvironment()
			.getPropertySources()
			.addLast(new MapPropertySource("application",
					Map.of("dora.server.port", "9567", "dora.registry.enabled", "true")));
		customizer(RandomPort.class).customizeContext(context, null);
		assertThat(context.getEnvironment().getProperty("dora.server.port")).isEqualTo("19567");
		context.getEnvironment()
			.getPropertySources()
			.remove(TestPropertySourceUtils.INLINED_PROPERTIES_PROPERTY_SOURCE_NAME);
		assertThat(context.getEnvironment().getProperty("dora.server.port")).isEqualTo("0");
		assertThat(context.getEnvironment().getProperty("dora.registry.enabled")).isEqualTo("true");
	}

	@Test
	void stubsSwitchOffTheRegistryAndTlsToProviders() {
		GenericApplicationContext context = new GenericApplicationContext();
		customizer(Stubbed.class).customizeContext(context, null);
		assertThat(context.getEnvironment().getProperty("dora.registry.enabled")).isEqualTo("false");
		assertThat(context.getEnvironment().getProperty("dora.client.ssl.bundle")).isEmpty();
		assertThat(context.getEnvironment().getProperty("dora.server.port")).isNull();
	}

	@Test
	void equalAnnotationsShareACachedContext() {
		assertThat(customizer(RandomPort.class)).isEqualTo(customizer(AlsoRandomPort.class))
			.isNotEqualTo(customizer(Stubbed.class));
	}

	private ContextCustomizer customizer(Class<?> testClass) {
		return this.factory.createContextCustomizer(testClass, List.of());
	}

	static class Plain {

	}

	@RandomDoraServerPort
	static class RandomPort {

	}

	@RandomDoraServerPort
	static class AlsoRandomPort {

	}

	@AutoConfigureDoraStubs
	static class Stubbed {

	}

}
