package io.dora.bench.core;

/**
 * The synchronous operations, with the request each one sends.
 */
public enum Operation {

	EXIST_USER("existUser"), CREATE_USER("createUser"), GET_USER("getUser"), LIST_USER("listUser"), ECHO("echo");

	private static final User CREATED = BenchData.user(7);

	private final String label;

	Operation(String label) {
		this.label = label;
	}

	public String label() {
		return this.label;
	}

	public static Operation of(String label) {
		for (Operation operation : values()) {
			if (operation.label.equals(label)) {
				return operation;
			}
		}
		throw new IllegalArgumentException("unknown operation " + label);
	}

	/** The request of call number {@code sequence}. */
	public static String email(long sequence) {
		return "user" + (sequence & 1023) + "@example.org";
	}

	public static User newUser() {
		return CREATED;
	}

	/** Checks that a result is what the server was asked for, so that a peer cannot win by answering garbage. */
	public void verify(Object result) {
		boolean ok = switch (this) {
			case EXIST_USER, CREATE_USER -> Boolean.TRUE.equals(result);
			case GET_USER -> result instanceof User user && user.getName() != null;
			case LIST_USER -> result instanceof Page page && page.getResult() != null && page.getResult().size() == 15;
			case ECHO -> result instanceof String text && text.length() == BenchData.ECHO_SIZE;
		};
		if (!ok) {
			throw new IllegalStateException(this.label + " returned an unexpected result: " + result);
		}
	}

}
