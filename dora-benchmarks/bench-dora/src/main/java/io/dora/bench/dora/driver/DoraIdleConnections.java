package io.dora.bench.dora.driver;

import io.dora.bench.core.DriverOptions;
import io.dora.bench.core.User;
import io.dora.client.DoraOperations;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Opens {@code --connections} Dora client connections to one provider (through
 * {@code dora.client.connections-per-endpoint}), makes a call on each so that both ends are fully set up, then keeps
 * them idle until stopped, so that the runner can weigh the heap of both JVMs.
 */
public final class DoraIdleConnections {

	private DoraIdleConnections() {
	}

	public static void main(String[] args) throws InterruptedException {
		DriverOptions options = new DriverOptions(args);
		int connections = options.getInt("connections", 1000);
		ConfigurableApplicationContext context = new SpringApplicationBuilder(DoraBenchDriver.class)
			.web(WebApplicationType.NONE)
			.properties("spring.main.banner-mode=off", "logging.level.root=warn", "dora.server.enabled=false", "dora.registry.enabled=false",
					"dora.client.connections-per-endpoint=" + connections)
			.run();
		DoraOperations dora = context.getBean(DoraOperations.class).withAddress(options.require("target"));
		for (int i = 0; i < connections; i++) {
			dora.call("/user/get", (long) i, User.class);
		}
		System.out.println("BENCH-IDLE-READY open=" + connections);
		System.out.flush();
		Thread.sleep(Long.MAX_VALUE);
	}

}
