package io.dora.sample.consumer;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A Dora consumer that runs the original Dora RPC's TCP client example with {@code DoraTemplate}, prints what
 * comes back and exits.
 */
@SpringBootApplication
public class SampleConsumerApplication {

	public static void main(String[] args) {
		ConfigurableApplicationContext context = SpringApplication.run(SampleConsumerApplication.class, args);
		System.exit(SpringApplication.exit(context));
	}

}
