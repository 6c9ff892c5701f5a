package io.dora.client.connection;

import io.dora.discovery.DoraEndpoint;
import io.dora.protocol.DoraCodes;

/**
 * A call refused before it was sent because its connection already has as many calls waiting as
 * {@code dora.client.max-pending-calls} allows. Nothing reached the provider, so another provider may take it; the
 * provider is not to blame, so its health is not affected.
 */
public class TooManyPendingCallsException extends DoraConnectionException {

	private final DoraEndpoint endpoint;

	public TooManyPendingCallsException(DoraEndpoint endpoint, int limit) {
		super(DoraCodes.TOO_MANY_PENDING, limit + " calls are already waiting on the connection to " + endpoint
				+ " (dora.client.max-pending-calls); the call was not sent");
		this.endpoint = endpoint;
	}

	public DoraEndpoint getEndpoint() {
		return this.endpoint;
	}

}
