package io.dora.protocol;

/**
 * The original Dora's task modes, with their type strings and the header message type that carries each.
 */
public enum CallMode {

	/** Mode 0: wait for the result. */
	SYNC(0, "W_S", "W_M", MessageType.CALL),

	/** Mode 1: acknowledged with 100001 once accepted; no result. */
	NO_RESULT(1, "AN_S", "AN_M", MessageType.SEND),

	/** Mode 2: acknowledged with 100001; the result is pushed later and collected by the caller. */
	ASYNC_RESULT(2, "AM_S", "AM_M", MessageType.ASYNC_CALL),

	/** A control command ({@code getStat}, {@code reloadTask}). */
	CONTROL(-1, "SC", "SC", MessageType.CONTROL);

	private final int mode;

	private final String singleType;

	private final String multiType;

	private final MessageType messageType;

	CallMode(int mode, String singleType, String multiType, MessageType messageType) {
		this.mode = mode;
		this.singleType = singleType;
		this.multiType = multiType;
		this.messageType = messageType;
	}

	/** The original's numeric mode (0, 1, 2); -1 for control commands. */
	public int mode() {
		return this.mode;
	}

	public String typeString(boolean multi) {
		return multi ? this.multiType : this.singleType;
	}

	public MessageType messageType() {
		return this.messageType;
	}

	/** Whether {@code type} is one of this mode's type strings. */
	public boolean accepts(String type) {
		return this.singleType.equals(type) || this.multiType.equals(type);
	}

	/** The mode a request header type stands for, or {@code null} when it is not a request. */
	public static CallMode of(MessageType type) {
		return switch (type) {
			case CALL -> SYNC;
			case SEND -> NO_RESULT;
			case ASYNC_CALL -> ASYNC_RESULT;
			case CONTROL -> CONTROL;
			default -> null;
		};
	}

	/**
	 * The mode for the original's numeric mode.
	 * @throws DoraProtocolException with {@link DoraCodes#UNKNOWN_MODE} for anything but 0, 1 and 2
	 */
	public static CallMode ofMode(int mode) {
		return switch (mode) {
			case 0 -> SYNC;
			case 1 -> NO_RESULT;
			case 2 -> ASYNC_RESULT;
			default -> throw new DoraProtocolException(DoraCodes.UNKNOWN_MODE, "unknown mode " + mode);
		};
	}

}
