package io.dora.handler;

import io.dora.InvalidDeclarationException;

/**
 * A {@code @DoraApi} declaration that cannot be served: a method whose signature cannot be bound to a call, a
 * class that does not implement {@link DoraApiHandler}, or an empty path. Start-up fails with it, naming the
 * declaration, and a failure analyzer shows how to fix it.
 */
public class InvalidDoraApiException extends InvalidDeclarationException {

	private final String path;

	/**
	 * @param path the path as declared (placeholders resolved); may be empty
	 * @param declaration the class or method that carries the annotation, such as {@code com.example.Apis.get()}
	 * @param reason why it cannot be served
	 * @param action how to fix it
	 */
	public InvalidDoraApiException(String path, String declaration, String reason, String action) {
		super("@DoraApi(\"" + path + "\") on " + declaration + " cannot be served: " + reason, declaration, reason,
				action);
		this.path = path;
	}

	public String getPath() {
		return this.path;
	}

}
