package io.dora.bench.dora.driver;

import io.dora.bench.core.LoadDriver;
import io.dora.client.DoraOperations;
import io.dora.client.proxy.DoraClientProxyFactory;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The Dora peer's driver: a Spring Boot application without a web server that injects {@link DoraOperations}, as a
 * consumer would, and hands it to the shared load driver.
 */
@SpringBootApplication
public class DoraBenchDriver {

	public static void main(String[] args) {
		LoadDriver.main(args, (options) -> {
			// --dora-key id=secret: sign every call with that key, as a consumer with dora.security.keys does.
			String key = options.get("dora-key", null);
			// --codec cbor: request bodies in the binary codec (dora.client.codec), once the provider answered the probe.
			String codec = options.get("codec", "json");
			ConfigurableApplicationContext context = new SpringApplicationBuilder(DoraBenchDriver.class)
				.web(WebApplicationType.NONE)
				.properties("spring.main.banner-mode=off", "logging.level.root=warn", "dora.server.enabled=false",
						"dora.registry.enabled=false", "dora.client.codec=" + codec)
				.properties((key != null) ? new String[] { "dora.security.keys." + key } : new String[0])
				.run();
			DoraOperations dora = context.getBean(DoraOperations.class).withAddress(options.require("target"));
			// --declarative true: the sync calls go through a @DoraClient interface instead of dora.call(...).
			BenchUsers users = Boolean.parseBoolean(options.get("declarative", "false"))
					? new DoraClientProxyFactory(dora).createClient(BenchUsers.class) : null;
			return new DoraBenchClient(dora, context, users);
		});
	}

}
