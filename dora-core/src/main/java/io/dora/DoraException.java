package io.dora;

import io.dora.protocol.DoraCodes;

/**
 * A failure with a Dora result code. Handlers throw it to choose the code and message their caller receives;
 * {@code DoraTemplate} throws it (or a subclass) when a call does not succeed.
 */
public class DoraException extends RuntimeException {

	private final int code;

	/**
	 * @param code the result code; see {@link DoraCodes} for the codes Dora defines. Any other non-zero number
	 * is passed to the caller unchanged.
	 * @param message the message the caller receives
	 */
	public DoraException(int code, String message) {
		super(message);
		if (code == DoraCodes.OK) {
			throw new IllegalArgumentException("A DoraException needs a non-zero code");
		}
		this.code = code;
	}

	public DoraException(int code, String message, Throwable cause) {
		this(code, message);
		initCause(cause);
	}

	public int getCode() {
		return this.code;
	}

}
