package io.dora.client.connection;

import io.dora.DoraException;

/**
 * A call failed on its connection: it was not sent, no reply came in time, or the connection closed first. The
 * client API turns it into the {@code DoraClientException} its callers see, with the same code and message.
 */
public class DoraConnectionException extends DoraException {

	public DoraConnectionException(int code, String message) {
		super(code, message);
	}

	public DoraConnectionException(int code, String message, Throwable cause) {
		super(code, message, cause);
	}

}
