package io.dora.test.context;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.dora.test.stub.AutoConfigureDoraStubs;

import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactory;
import org.springframework.test.context.TestContextAnnotationUtils;

/**
 * Turns Dora's test annotations into properties: {@link RandomDoraServerPort} sets {@code dora.server.port=0};
 * {@link AutoConfigureDoraStubs} switches off the Redis registry and TLS to providers, since the stubs need
 * neither.
 */
class DoraTestPropertiesContextCustomizerFactory implements ContextCustomizerFactory {

	@Override
	public ContextCustomizer createContextCustomizer(Class<?> testClass,
			List<ContextConfigurationAttributes> configAttributes) {
		Map<String, Object> properties = new LinkedHashMap<>();
		if (TestContextAnnotationUtils.hasAnnotation(testClass, RandomDoraServerPort.class)) {
			properties.put("dora.server.port", "0");
		}
		if (TestContextAnnotationUtils.hasAnnotation(testClass, AutoConfigureDoraStubs.class)) {
			properties.put("dora.registry.enabled", "false");
			properties.put("dora.client.ssl.bundle", "");
		}
		return properties.isEmpty() ? null : new DoraTestPropertiesContextCustomizer(properties);
	}

}
