package io.dora.protocol;

import com.fasterxml.jackson.annotation.JsonIgnore;

/**
 * The per-API level of a result: what one handler returned, or the code and message it failed with.
 *
 * @param <T> the type of the data
 * @param guid the guid of the request this result belongs to
 * @param code {@link DoraCodes#OK} or the failure's code
 * @param msg {@code "OK"} or what went wrong
 * @param data the handler's return value; {@code null} on failure
 */
public record ApiResult<T>(String guid, int code, String msg, T data) {

	public static <T> ApiResult<T> ok(String guid, T data) {
		return new ApiResult<>(guid, DoraCodes.OK, "OK", data);
	}

	public static <T> ApiResult<T> failure(String guid, int code, String msg) {
		return new ApiResult<>(guid, code, msg, null);
	}

	@JsonIgnore
	public boolean isOk() {
		return this.code == DoraCodes.OK;
	}

}
