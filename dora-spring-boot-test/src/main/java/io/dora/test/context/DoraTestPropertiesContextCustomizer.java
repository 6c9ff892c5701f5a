package io.dora.test.context;

import java.util.Map;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.MergedContextConfiguration;
import org.springframework.test.context.support.TestPropertySourceUtils;

/**
 * Adds properties implied by Dora's test annotations: above the application's own configuration, below the
 * properties the test sets itself. Equal customizers share a cached context.
 */
class DoraTestPropertiesContextCustomizer implements ContextCustomizer {

	static final String PROPERTY_SOURCE_NAME = "Dora Test Properties";

	private final Map<String, Object> properties;

	DoraTestPropertiesContextCustomizer(Map<String, Object> properties) {
		this.properties = Map.copyOf(properties);
	}

	@Override
	public void customizeContext(ConfigurableApplicationContext context, MergedContextConfiguration mergedConfig) {
		MutablePropertySources sources = context.getEnvironment().getPropertySources();
		MapPropertySource source = new MapPropertySource(PROPERTY_SOURCE_NAME, this.properties);
		if (sources.contains(TestPropertySourceUtils.INLINED_PROPERTIES_PROPERTY_SOURCE_NAME)) {
			sources.addAfter(TestPropertySourceUtils.INLINED_PROPERTIES_PROPERTY_SOURCE_NAME, source);
		}
		else {
			sources.addFirst(source);
		}
	}

	@Override
	public boolean equals(Object other) {
		return (other instanceof DoraTestPropertiesContextCustomizer customizer)
				&& this.properties.equals(customizer.properties);
	}

	@Override
	public int hashCode() {
		return this.properties.hashCode();
	}

}
