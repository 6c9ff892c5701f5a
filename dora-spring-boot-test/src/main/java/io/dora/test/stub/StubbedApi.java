package io.dora.test.stub;

import io.dora.DoraException;

/**
 * What a stubbed API answers; each {@code will...} method replaces the previous answer of the same path.
 */
public final class StubbedApi {

	private final DoraStubs stubs;

	private final String path;

	StubbedApi(DoraStubs stubs, String path) {
		this.stubs = stubs;
		this.path = path;
	}

	/** Answers with this data (code 0). */
	public DoraStubs willReturn(Object data) {
		return willAnswer((call) -> data);
	}

	/** Answers with what the function computes from the call. */
	public DoraStubs willAnswer(DoraStubAnswer answer) {
		return this.stubs.add(this.path, answer);
	}

	/** Answers with a result code and message, as a handler that throws {@link DoraException}. */
	public DoraStubs willFail(int code, String message) {
		return willAnswer((call) -> {
			throw new DoraException(code, message);
		});
	}

	/**
	 * Fails as a handler that throws this exception: a {@link DoraException} answers with its code, anything else
	 * with 100020 and no details, as a real provider does.
	 */
	public DoraStubs willThrow(RuntimeException exception) {
		return willAnswer((call) -> {
			throw exception;
		});
	}

}
