package io.dora.web;

import io.dora.protocol.ApiResult;
import io.dora.protocol.DoraCodes;
import io.dora.protocol.ResponseEnvelope;

import org.springframework.http.HttpStatus;

/**
 * The HTTP status of a {@code /call} reply, by outcome class: the dispatch-level code when the request itself
 * failed, otherwise the API's own code. The original contract's paths always answer 200, as the original did.
 */
public final class DoraHttpStatus {

	private DoraHttpStatus() {
	}

	/** The status of a reply: its dispatch-level code if not OK, else its single result's code. */
	public static HttpStatus of(ResponseEnvelope<?> reply) {
		int code = reply.code();
		if (code == DoraCodes.OK && reply.data() instanceof ApiResult<?> result) {
			code = result.code();
		}
		return forCode(code);
	}

	/**
	 * The status for a code. A code a handler chose itself (its {@code DoraException}) is 422: the API understood
	 * the request and refused it. An unexpected handler failure ({@link DoraCodes#HANDLER_ERROR}) is 500. Business
	 * refusals are common, and Tomcat closes the connection after a 500, so keeping them apart also keeps
	 * connections alive.
	 */
	public static HttpStatus forCode(int code) {
		return switch (code) {
			case DoraCodes.OK -> HttpStatus.OK;
			case DoraCodes.ACCEPTED -> HttpStatus.ACCEPTED;
			case DoraCodes.UNKNOWN_TYPE, DoraCodes.API_EMPTY, DoraCodes.BAD_PARAMETER, DoraCodes.FRAME_TRUNCATED,
					DoraCodes.GUID_INVALID, DoraCodes.UNKNOWN_COMMAND, DoraCodes.MALFORMED, DoraCodes.TOO_MANY_APIS ->
				HttpStatus.BAD_REQUEST;
			case DoraCodes.SIGNATURE_INVALID -> HttpStatus.UNAUTHORIZED;
			case DoraCodes.COMMAND_DENIED -> HttpStatus.FORBIDDEN;
			case DoraCodes.API_NOT_FOUND -> HttpStatus.NOT_FOUND;
			case DoraCodes.FRAME_TOO_LARGE -> HttpStatus.CONTENT_TOO_LARGE;
			case DoraCodes.SERVER_BUSY, DoraCodes.SHUTTING_DOWN -> HttpStatus.SERVICE_UNAVAILABLE;
			case DoraCodes.DEADLINE_EXCEEDED -> HttpStatus.GATEWAY_TIMEOUT;
			case DoraCodes.HANDLER_ERROR -> HttpStatus.INTERNAL_SERVER_ERROR;
			default -> HttpStatus.UNPROCESSABLE_CONTENT;
		};
	}

}
