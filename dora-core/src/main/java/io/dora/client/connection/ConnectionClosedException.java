package io.dora.client.connection;

import io.dora.discovery.DoraEndpoint;
import io.dora.protocol.DoraCodes;

/**
 * The connection closed before the reply or pushed result arrived (code 100012). The provider may or may not
 * have executed the call.
 */
public class ConnectionClosedException extends DoraConnectionException {

	private final DoraEndpoint endpoint;

	private final boolean written;

	public ConnectionClosedException(DoraEndpoint endpoint, boolean written) {
		super(DoraCodes.CONNECTION_CLOSED, "connection to " + endpoint + " closed before the result arrived");
		this.endpoint = endpoint;
		this.written = written;
	}

	public DoraEndpoint getEndpoint() {
		return this.endpoint;
	}

	/** Whether the request had been written to the socket before the connection closed. */
	public boolean wasWritten() {
		return this.written;
	}

}
