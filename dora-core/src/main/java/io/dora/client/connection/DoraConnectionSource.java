package io.dora.client.connection;

import java.util.concurrent.CompletableFuture;

import io.dora.discovery.DoraEndpoint;

/**
 * Where the client gets a connection to a provider: {@link DoraConnectionManager}, or in tests a connection over
 * an embedded channel.
 */
@FunctionalInterface
public interface DoraConnectionSource {

	/**
	 * A connection to the endpoint, opening one if needed; fails with {@link NotSentException} if none can be had.
	 */
	CompletableFuture<DoraConnection> connection(DoraEndpoint endpoint);

}
