package io.dora.client;

import io.dora.DoraException;

/**
 * A call failed on the caller's side: no provider could be reached (100010), no reply came in time (100009), the
 * connection closed first (100012), or the reply could not be read.
 */
public class DoraClientException extends DoraException {

	public DoraClientException(int code, String message) {
		super(code, message);
	}

	public DoraClientException(int code, String message, Throwable cause) {
		super(code, message, cause);
	}

}
