package io.dora.client;

import java.util.Map;

import io.dora.protocol.DoraCodes;

/**
 * A raw reply with both levels of codes, as the original Dora returned them. The outer level is the request's
 * fate, from the provider's dispatch (100001 accepted, 100014 busy, ...) or from this client (100009 timeout,
 * 100010 no provider, 100012 connection closed); the inner level is each API's own result.
 */
public final class DoraResponse {

	private final String guid;

	private final int code;

	private final String msg;

	private final DoraResult result;

	private final Map<String, DoraResult> results;

	DoraResponse(String guid, int code, String msg, DoraResult result, Map<String, DoraResult> results) {
		this.guid = guid;
		this.code = code;
		this.msg = msg;
		this.result = result;
		this.results = (results != null) ? results : Map.of();
	}

	static DoraResponse failure(String guid, int code, String msg) {
		return new DoraResponse(guid, code, msg, null, null);
	}

	public String getGuid() {
		return this.guid;
	}

	/** The outer (transport and dispatch) code. */
	public int getCode() {
		return this.code;
	}

	public String getMsg() {
		return this.msg;
	}

	/** Whether the outer level succeeded; the APIs' own codes may still be failures. */
	public boolean isOk() {
		return this.code == DoraCodes.OK;
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
	public String toString() {
		Object data = (this.result != null) ? this.result : this.results;
		return "{guid=" + this.guid + ", code=" + this.code + ", msg=" + this.msg + ", data=" + data + "}";
	}

}
