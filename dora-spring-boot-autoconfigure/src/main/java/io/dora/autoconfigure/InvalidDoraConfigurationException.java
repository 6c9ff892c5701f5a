package io.dora.autoconfigure;

/**
 * A Dora property, or a combination of properties, that cannot work. Start-up fails with it, and a failure
 * analyzer shows the property, the reason and the fix.
 */
public class InvalidDoraConfigurationException extends RuntimeException {

	private final String property;

	private final String reason;

	private final String action;

	public InvalidDoraConfigurationException(String property, String reason, String action) {
		super("Invalid Dora configuration " + property + ": " + reason);
		this.property = property;
		this.reason = reason;
		this.action = action;
	}

	public String getProperty() {
		return this.property;
	}

	public String getReason() {
		return this.reason;
	}

	public String getAction() {
		return this.action;
	}

}
