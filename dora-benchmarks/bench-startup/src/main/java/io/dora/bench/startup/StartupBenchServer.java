package io.dora.bench.startup;

import io.dora.bench.mvc.StartupFootprint;
import io.dora.bench.mvc.UserController;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Import;

/**
 * The plain web application of {@code bench-mvc} (the same controller, the same footprint reading) with the Dora
 * starter on the classpath and one {@code @DoraApi} handler: what Dora adds to the time to ready.
 */
@SpringBootApplication
@Import({ UserController.class, StartupFootprint.class })
public class StartupBenchServer {

	public static void main(String[] args) {
		SpringApplication.run(StartupBenchServer.class, args);
	}

}
