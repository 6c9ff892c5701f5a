package io.dora.client.connection;

import io.dora.protocol.DoraCodes;

/**
 * No reply (or, for mode 2, no pushed result) arrived within the call's timeout (code 100009). The provider may
 * still have executed the call.
 */
public class ReplyTimeoutException extends DoraConnectionException {

	public ReplyTimeoutException(String message) {
		super(DoraCodes.TIMEOUT, message);
	}

}
