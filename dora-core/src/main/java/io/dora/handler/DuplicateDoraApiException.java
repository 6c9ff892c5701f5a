package io.dora.handler;

/**
 * Two handlers were mapped to the same path. Start-up fails with this, naming both.
 */
public class DuplicateDoraApiException extends IllegalStateException {

	private final String path;

	private final DoraApiMethod existing;

	private final DoraApiMethod duplicate;

	public DuplicateDoraApiException(String path, DoraApiMethod existing, DoraApiMethod duplicate) {
		super("Ambiguous @DoraApi mapping: cannot map bean '" + duplicate.beanName() + "' (" + duplicate.description()
				+ ") to '" + path + "': bean '" + existing.beanName() + "' (" + existing.description()
				+ ") is already mapped there");
		this.path = path;
		this.existing = existing;
		this.duplicate = duplicate;
	}

	public String getPath() {
		return this.path;
	}

	public DoraApiMethod getExisting() {
		return this.existing;
	}

	public DoraApiMethod getDuplicate() {
		return this.duplicate;
	}

}
