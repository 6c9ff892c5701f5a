package io.dora.server.context;

import java.util.HashMap;
import java.util.Map;

import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.PropertySource;

/**
 * Publishes the port the Dora server actually bound as {@code local.dora.server.port}, so that tests using
 * {@code dora.server.port=0} can inject it with {@code @LocalDoraServerPort}.
 */
public class DoraServerPortInfoApplicationContextInitializer
		implements ApplicationContextInitializer<ConfigurableApplicationContext> {

	/** The property that holds the bound port. */
	public static final String PROPERTY_NAME = "local.dora.server.port";

	@Override
	public void initialize(ConfigurableApplicationContext context) {
		context.addApplicationListener(new Listener(context.getEnvironment()));
	}

	private record Listener(ConfigurableEnvironment environment)
			implements ApplicationListener<DoraServerInitializedEvent> {

		@Override
		public void onApplicationEvent(DoraServerInitializedEvent event) {
			setPort(this.environment, event.getServer().port());
		}

		@SuppressWarnings("unchecked")
		private static void setPort(ConfigurableEnvironment environment, int port) {
			MutablePropertySources sources = environment.getPropertySources();
			PropertySource<?> source = sources.get("server.ports");
			if (source == null) {
				source = new MapPropertySource("server.ports", new HashMap<>());
				sources.addFirst(source);
			}
			((Map<String, Object>) source.getSource()).put(PROPERTY_NAME, port);
		}

	}

}
