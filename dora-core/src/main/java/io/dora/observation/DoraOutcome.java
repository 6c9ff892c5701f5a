package io.dora.observation;

import io.dora.protocol.DoraCodes;

/**
 * The class of a result code, a tag bounded to a handful of values.
 */
public enum DoraOutcome {

	/** 0, or 100001 accepted. */
	SUCCESS,

	/** The request was wrong: bad parameters, unknown API, malformed, too large, not signed, ... */
	CLIENT_ERROR,

	/** The provider could not take or answer the call: busy, shutting down, unreachable, connection lost. */
	UNAVAILABLE,

	/** No answer in time: 100009 or 100017. */
	TIMEOUT,

	/** The handler failed without a Dora code (100020). */
	SERVER_ERROR,

	/** The handler answered with a code of its own. */
	APPLICATION_ERROR;

	public static DoraOutcome of(int code) {
		return switch (code) {
			case DoraCodes.OK, DoraCodes.ACCEPTED -> SUCCESS;
			case DoraCodes.TIMEOUT, DoraCodes.DEADLINE_EXCEEDED -> TIMEOUT;
			case DoraCodes.NO_PROVIDER, DoraCodes.CONNECTION_CLOSED, DoraCodes.SERVER_BUSY, DoraCodes.SHUTTING_DOWN -> UNAVAILABLE;
			case DoraCodes.HANDLER_ERROR -> SERVER_ERROR;
			default -> (code >= 100002 && code <= 100100) ? CLIENT_ERROR : APPLICATION_ERROR;
		};
	}

}
