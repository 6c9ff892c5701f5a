package io.dora.client.connection;

import java.util.concurrent.CompletableFuture;

import io.dora.discovery.DoraEndpoint;
import io.dora.protocol.original.OriginalWireOptions;

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

	/**
	 * A connection to the endpoint speaking Dora's protocol, or, with {@code original}, the original PHP Dora RPC's
	 * protocol with those options. A source that speaks only Dora's protocol fails such a connection with
	 * {@link NotSentException}.
	 * @param original the original protocol's options, or {@code null} for Dora's protocol
	 */
	default CompletableFuture<DoraConnection> connection(DoraEndpoint endpoint, OriginalWireOptions original) {
		if (original == null) {
			return connection(endpoint);
		}
		return CompletableFuture.failedFuture(new NotSentException(endpoint,
				new UnsupportedOperationException("this connection source speaks only Dora's protocol")));
	}

}
