package io.dora.test;

import io.dora.annotation.DoraApi;

import org.springframework.core.env.Environment;

/**
 * Answers {@code /whoami} with the provider's {@code test.provider.name}, so tests can see which provider served a
 * call.
 */
public class WhoAmIHandler {

	private final String name;

	public WhoAmIHandler(Environment environment) {
		this.name = environment.getProperty("test.provider.name", "unnamed");
	}

	@DoraApi("/whoami")
	public String whoami() {
		return this.name;
	}

}
