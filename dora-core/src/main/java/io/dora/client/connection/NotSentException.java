package io.dora.client.connection;

import io.dora.discovery.DoraEndpoint;
import io.dora.protocol.DoraCodes;

/**
 * A request that never reached a provider: it could not connect, the write failed, or the provider refused the TLS
 * handshake before it read anything. Such a call is safe to send to another provider.
 */
public class NotSentException extends DoraConnectionException {

	private final DoraEndpoint endpoint;

	private final String reason;

	public NotSentException(DoraEndpoint endpoint, Throwable cause) {
		this(endpoint, describe(cause), cause);
	}

	/**
	 * @param endpoint the provider
	 * @param reason why, in words that name the cause
	 * @param cause what was thrown
	 */
	public NotSentException(DoraEndpoint endpoint, String reason, Throwable cause) {
		super(DoraCodes.NO_PROVIDER, "could not send to " + endpoint + ": " + reason, cause);
		this.endpoint = endpoint;
		this.reason = reason;
	}

	/** Why the request was not sent. */
	public String getReason() {
		return this.reason;
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
