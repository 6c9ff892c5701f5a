package io.dora.client;

import io.dora.protocol.DoraCodes;

/**
 * No reply arrived within the call's timeout (code 100009). The provider may still have executed the call.
 */
public class DoraTimeoutException extends DoraClientException {

	public DoraTimeoutException(String message) {
		super(DoraCodes.TIMEOUT, message);
	}

	public DoraTimeoutException(String message, Throwable cause) {
		super(DoraCodes.TIMEOUT, message, cause);
	}

}
