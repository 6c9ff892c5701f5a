package io.dora.protocol;

import java.util.Map;

/**
 * Every result code Dora uses. The original Dora RPC codes keep their numbers and meanings; codes from 100013 on
 * are Dora for Java's own. {@code PROTOCOL.md} has the table with the level each code appears at.
 */
public final class DoraCodes {

	/** Success, at every level. */
	public static final int OK = 0;

	/** Work accepted (modes 1 and 2, HTTP multinoresult); the result is not in this reply. */
	public static final int ACCEPTED = 100001;

	/** Unknown message type, a body type that contradicts the header, or an unknown HTTP path. */
	public static final int UNKNOWN_TYPE = 100002;

	/** The request names no API. */
	public static final int API_EMPTY = 100003;

	/** A parameter is missing or cannot be bound to the handler's declared type. */
	public static final int BAD_PARAMETER = 100004;

	/** The request's signature is missing, wrong, expired or replayed. */
	public static final int SIGNATURE_INVALID = 100005;

	/** The body codec id is not one this peer understands. */
	public static final int UNSUPPORTED_CODEC = 100006;

	/** A frame was not completed in time, or a compressed body did not inflate to a whole document. */
	public static final int FRAME_TRUNCATED = 100007;

	/** The request's guid is missing, zero, or differs between header and body. */
	public static final int GUID_INVALID = 100008;

	/** Client side: no reply arrived within the call's timeout. */
	public static final int TIMEOUT = 100009;

	/** Client side: no provider could be chosen or connected to. */
	public static final int NO_PROVIDER = 100010;

	/** Unknown control command. */
	public static final int UNKNOWN_COMMAND = 100011;

	/** Client side: the connection closed before the reply or pushed result arrived. */
	public static final int CONNECTION_CLOSED = 100012;

	/** No handler is mapped to the API name. */
	public static final int API_NOT_FOUND = 100013;

	/** The provider's business executor is full; nothing was executed. */
	public static final int SERVER_BUSY = 100014;

	/** The provider is shutting down; nothing was executed. */
	public static final int SHUTTING_DOWN = 100015;

	/** The frame (or an inflated body, or an HTTP body) is larger than the configured limit. */
	public static final int FRAME_TOO_LARGE = 100016;

	/** The caller's deadline passed before this API finished; any late result is discarded. */
	public static final int DEADLINE_EXCEEDED = 100017;

	/** The frame's protocol version is not supported by this peer. */
	public static final int UNSUPPORTED_VERSION = 100018;

	/** The frame or its body is malformed: bad magic, reserved flags set, JSON that does not parse. */
	public static final int MALFORMED = 100019;

	/** The handler failed with an exception that carries no Dora code; details are in the provider's log. */
	public static final int HANDLER_ERROR = 100020;

	/** A multi-API request holds more entries than the provider allows. */
	public static final int TOO_MANY_APIS = 100021;

	/** Control commands are disabled on this provider, or the caller is not allowed to use them. */
	public static final int COMMAND_DENIED = 100022;

	/** Client side: an async result was evicted from the result store before it was collected. */
	public static final int RESULT_EVICTED = 100023;

	/**
	 * Client side: the connection to the chosen provider already has {@code dora.client.max-pending-calls} calls
	 * waiting and no other provider of the group could take the call, or a pipelined call found the client's window
	 * of unacknowledged calls ({@code dora.client.pipeline.window}) full for {@code dora.client.pipeline.window-wait};
	 * it was not sent.
	 */
	public static final int TOO_MANY_PENDING = 100024;

	/** Client side: the call mode is not 0, 1 or 2. */
	public static final int UNKNOWN_MODE = 100099;

	/** Client side: a reply's body guid differs from the guid it was routed by; the reply was not used. */
	public static final int REPLY_GUID_MISMATCH = 100100;

	private static final Map<Integer, String> MESSAGES = Map.ofEntries(Map.entry(OK, "OK"),
			Map.entry(ACCEPTED, "transfer success"), Map.entry(UNKNOWN_TYPE, "unknown task type"),
			Map.entry(API_EMPTY, "param api is empty"), Map.entry(BAD_PARAMETER, "parameter was not set or wrong"),
			Map.entry(SIGNATURE_INVALID, "signed check error"), Map.entry(UNSUPPORTED_CODEC, "unsupported body codec"),
			Map.entry(FRAME_TRUNCATED, "packet length invalid"), Map.entry(GUID_INVALID, "guid missing or wrong"),
			Map.entry(TIMEOUT, "the receive wrong or timeout"), Map.entry(NO_PROVIDER, "there is no server can connect"),
			Map.entry(UNKNOWN_COMMAND, "unknown cmd"), Map.entry(CONNECTION_CLOSED, "connection closed before the result arrived"),
			Map.entry(API_NOT_FOUND, "api not found"), Map.entry(SERVER_BUSY, "server busy"),
			Map.entry(SHUTTING_DOWN, "server shutting down"), Map.entry(FRAME_TOO_LARGE, "frame too large"),
			Map.entry(DEADLINE_EXCEEDED, "deadline exceeded"), Map.entry(UNSUPPORTED_VERSION, "unsupported protocol version"),
			Map.entry(MALFORMED, "malformed request"), Map.entry(HANDLER_ERROR, "internal error"),
			Map.entry(TOO_MANY_APIS, "too many apis in one request"), Map.entry(COMMAND_DENIED, "control commands are disabled"),
			Map.entry(RESULT_EVICTED, "async result evicted before it was collected"),
			Map.entry(TOO_MANY_PENDING, "too many calls pending on the connection"),
			Map.entry(UNKNOWN_MODE, "unknown mode have been set"), Map.entry(REPLY_GUID_MISMATCH, "reply guid mismatch"));

	private DoraCodes() {
	}

	/** The standard message for a code, or {@code "error"} for codes Dora does not define. */
	public static String message(int code) {
		return MESSAGES.getOrDefault(code, "error");
	}

}
