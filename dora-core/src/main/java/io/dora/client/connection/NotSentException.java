package io.dora.client.connection;

import io.dora.discovery.DoraEndpoint;
import io.dora.protocol.DoraCodes;

/**
 * A request that never reached a provider: it could not connect, or the write failed. Such a call is safe to send
 * to another provider.
 */
public class NotSentException extends DoraConnectionException {

	private final DoraEndpoint endpoint;

	public NotSentException(DoraEndpoint endpoint, Throwable cause) {
		super(DoraCodes.NO_PROVIDER, "could not send to " + endpoint + ": " + describe(cause), cause);
		this.endpoint = endpoint;
	}

	public DoraEndpoint getEndpoint() {
		return this.endpoint;
	}

	public static String describe(Throwable cause) {
		if (cause == null) {
			return "unknown error";
		}
		String message = cause.getMessage();
		return (message != null) ? message : cause.getClass().getSimpleName();
	}

}
