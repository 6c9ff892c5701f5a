package io.dora.sample.consumer;

import io.dora.client.proxy.ImportDoraClients;
import io.dora.sample.api.UserApi;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A Dora consumer that runs the original Dora RPC's TCP client example with {@code DoraTemplate}, then calls the
 * shared {@link UserApi} contract through its declarative client, prints what comes back and exits. The contract
 * lives in another package, so it is imported; {@link UserReports}, in this package, is found by the starter.
 */
@SpringBootApplication
@ImportDoraClients(UserApi.class)
public class SampleConsumerApplication {

	public static void main(String[] args) {
		ConfigurableApplicationContext context = SpringApplication.run(SampleConsumerApplication.class, args);
		System.exit(SpringApplication.exit(context));
	}

}
