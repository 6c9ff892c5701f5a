package io.dora.client;

import java.util.Map;

/**
 * A raw reply with both levels of codes, as the original Dora returned them. The outer level is the request's
 * fate, from the provider's dispatch (100001 accepted, 100014 busy, ...) or from this client (100009 timeout,
 * 100010 no provider, 100012 connection closed); the inner level is each API's own result. {@link #getCode()} and
 * {@link #isOk()} give the outer level: the APIs' own codes may still be failures.
 */
public final class DoraResponse extends DoraStatus {

	private final DoraResult result;

	private final Map<String, DoraResult> results;

	DoraResponse(String guid, int code, String msg, DoraResult result, Map<String, DoraResult> results) {
		super(guid, code, msg);
		this.result = result;
		this.results = (results != null) ? results : Map.of();
	}

	static DoraResponse failure(String guid, int code, String msg) {
		return new DoraResponse(guid, code, msg, null, null);
	}

	/** The single call's result, or {@code null} for multi calls and failed requests. */
	public DoraResult getResult() {
		return this.result;
	}

	/** A multi call's results by the caller's keys; empty for single calls and failed requests. */
	public Map<String, DoraResult> getResults() {
		return this.results;
	}

	@Override
	Object dataForDisplay() {
		return (this.result != null) ? this.result : this.results;
	}

}
