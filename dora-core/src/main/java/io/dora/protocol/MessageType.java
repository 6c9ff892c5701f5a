package io.dora.protocol;

/**
 * The message type byte of a frame. Requests carry the call mode; replies say whether they answer a request or
 * push a result later.
 */
public enum MessageType {

	/** Mode 0: call and wait for the result. */
	CALL(0x01, true),

	/** Mode 1: fire-and-forget; the provider acknowledges with 100001 once the work is accepted. */
	SEND(0x02, true),

	/** Mode 2: acknowledged with 100001 at once; the result is pushed later as {@link #ASYNC_RESULT}. */
	ASYNC_CALL(0x03, true),

	/** A control command such as {@code getStat}. */
	CONTROL(0x04, true),

	/** The reply to a request: its result, its acknowledgement or an error. */
	RESPONSE(0x10, false),

	/** The result of an {@link #ASYNC_CALL}, pushed unsolicited on the connection that sent the call. */
	ASYNC_RESULT(0x11, false),

	/** Liveness probe; answered by {@link #PONG} with the same guid and no body. */
	PING(0x20, false),

	/** Answer to {@link #PING}. */
	PONG(0x21, false);

	private static final MessageType[] BY_CODE = new MessageType[256];

	static {
		for (MessageType type : values()) {
			BY_CODE[type.code] = type;
		}
	}

	private final int code;

	private final boolean request;

	MessageType(int code, boolean request) {
		this.code = code;
		this.request = request;
	}

	/** The byte written on the wire. */
	public int code() {
		return this.code;
	}

	/** Whether this type starts a call that the receiver must answer. */
	public boolean isRequest() {
		return this.request;
	}

	/** The type for a wire byte, or {@code null} when the byte is not a known type. */
	public static MessageType fromCode(int code) {
		return (code >= 0 && code < BY_CODE.length) ? BY_CODE[code] : null;
	}

}
