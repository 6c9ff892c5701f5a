package io.dora.client;

import io.dora.protocol.DoraCodes;

/**
 * What both levels of a raw reply carry: the guid, a result code and its message. {@link DoraResponse} is the
 * request's level, {@link DoraResult} an API's.
 */
public abstract sealed class DoraStatus permits DoraResponse, DoraResult {

	private final String guid;

	private final int code;

	private final String msg;

	DoraStatus(String guid, int code, String msg) {
		this.guid = guid;
		this.code = code;
		this.msg = msg;
	}

	public String getGuid() {
		return this.guid;
	}

	/** The result code: 0 for success, see {@link DoraCodes} for the others. */
	public int getCode() {
		return this.code;
	}

	public String getMsg() {
		return this.msg;
	}

	/** Whether the code is 0. */
	public boolean isOk() {
		return this.code == DoraCodes.OK;
	}

	/** The text of the data, for {@link #toString()}. */
	abstract Object dataForDisplay();

	@Override
	public String toString() {
		return "{guid=" + this.guid + ", code=" + this.code + ", msg=" + this.msg + ", data=" + dataForDisplay() + "}";
	}

}
