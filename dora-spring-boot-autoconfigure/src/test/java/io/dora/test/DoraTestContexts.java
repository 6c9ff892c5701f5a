package io.dora.test;

import io.dora.autoconfigure.DoraClientAutoConfiguration;
import io.dora.autoconfigure.DoraServerAutoConfiguration;
import io.dora.client.DoraTemplate;
import io.dora.server.DoraServer;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Builds real application contexts for end-to-end tests: a provider serving {@link TestHandlers} on a free port,
 * and consumers pointed at it.
 */
public final class DoraTestContexts {

	private DoraTestContexts() {
	}

	/** Auto-configuration as an application gets it. */
	public static ApplicationContextRunner runner() {
		return new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class,
				DoraServerAutoConfiguration.class, DoraClientAutoConfiguration.class));
	}

	/** A provider with {@link TestHandlers} on a free port. */
	public static ApplicationContextRunner provider() {
		return runner().withPropertyValues("dora.server.port=0", "dora.server.control.enabled=true")
			.withBean(TestHandlers.class);
	}

	public static int port(ConfigurableApplicationContext context) {
		return context.getBean(DoraServer.class).port();
	}

	/** The context's own template pointed at its own server. */
	public static DoraTemplate selfTemplate(ConfigurableApplicationContext context) {
		return context.getBean(DoraTemplate.class).withAddress("127.0.0.1:" + port(context));
	}

}
