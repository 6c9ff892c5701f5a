package io.dora.test;

import io.dora.annotation.DoraApi;

import org.springframework.core.env.Environment;

/**
 * Handlers of the discovery tests' providers: {@code /whoami} answers the provider's {@code test.provider.name},
 * so tests can see which provider served a call; {@code /sleep} keeps a call in flight for the given milliseconds,
 * for providers in another process, whose latches a test cannot reach.
 */
public class ProviderHandlers {

	private final String name;

	public ProviderHandlers(Environment environment) {
		this.name = environment.getProperty("test.provider.name", "unnamed");
	}

	@DoraApi("/whoami")
	public String whoami() {
		return this.name;
	}

	@DoraApi("/sleep")
	public String sleep(long millis) throws InterruptedException {
		Thread.sleep(millis);
		return this.name + " slept " + millis + " ms";
	}

}
