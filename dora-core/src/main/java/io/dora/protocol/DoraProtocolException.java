package io.dora.protocol;

/**
 * A request or reply that breaks the protocol, with the documented code to answer it with.
 */
public class DoraProtocolException extends RuntimeException {

	private final int code;

	public DoraProtocolException(int code, String message) {
		super(message);
		this.code = code;
	}

	public DoraProtocolException(int code, String message, Throwable cause) {
		super(message, cause);
		this.code = code;
	}

	public int code() {
		return this.code;
	}

}
