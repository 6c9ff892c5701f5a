package io.dora;

/**
 * A declaration in the application's code that Dora cannot use, found at start-up: it names the declaration, why
 * it cannot be used and how to fix it, for a failure analyzer to show.
 */
public abstract class InvalidDeclarationException extends IllegalStateException {

	private final String declaration;

	private final String reason;

	private final String action;

	/**
	 * @param message the exception's message
	 * @param declaration the class or method, such as {@code com.example.UserApi.get(UserQuery)}
	 * @param reason why it cannot be used
	 * @param action how to fix it
	 */
	protected InvalidDeclarationException(String message, String declaration, String reason, String action) {
		super(message);
		this.declaration = declaration;
		this.reason = reason;
		this.action = action;
	}

	public String getDeclaration() {
		return this.declaration;
	}

	public String getReason() {
		return this.reason;
	}

	public String getAction() {
		return this.action;
	}

}
