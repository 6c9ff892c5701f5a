package io.dora.sample.provider;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A Dora provider serving the API names the original Dora RPC's client example calls.
 */
@SpringBootApplication
public class SampleProviderApplication {

	public static void main(String[] args) {
		SpringApplication.run(SampleProviderApplication.class, args);
	}

}
