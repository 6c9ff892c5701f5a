package io.dora.server;

import io.dora.handler.DoraDispatcher;

/**
 * Creates {@link DoraServer}s, configured and paused, as Spring Boot's server factories do: the lifecycle starts
 * them once the application context is refreshed.
 */
@FunctionalInterface
public interface DoraServerFactory {

	/**
	 * A server whose requests {@code dispatcher} runs; not started.
	 * @param dispatcher runs the requests the server receives
	 */
	DoraServer getServer(DoraDispatcher dispatcher);

}
