package io.dora.client.proxy;

import io.dora.InvalidDeclarationException;

/**
 * A {@link io.dora.annotation.DoraClient @DoraClient} interface that cannot be turned into a client: a method
 * without a path, with a return type no call mode gives, with several parameters and no names for them, or an
 * annotation value that does not parse. Start-up fails with it, naming the method, and a failure analyzer says how
 * to fix it.
 */
public class InvalidDoraClientException extends InvalidDeclarationException {

	/**
	 * @param declaration the interface or method, such as {@code com.example.UserApi.get(UserQuery)}
	 * @param reason why it cannot be called
	 * @param action how to fix it
	 */
	public InvalidDoraClientException(String declaration, String reason, String action) {
		super("@DoraClient " + declaration + " cannot be called: " + reason, declaration, reason, action);
	}

}
