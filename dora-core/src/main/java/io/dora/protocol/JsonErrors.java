package io.dora.protocol;

import java.util.regex.Pattern;

import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.databind.exc.MismatchedInputException;

/**
 * Says what is wrong with a JSON document without naming the library's classes or settings: Jackson's own messages
 * name Java types and the constraint that tripped ({@code StreamReadConstraints.getMaxNestingDepth()}), which
 * callers have no use for and a provider should not disclose.
 */
final class JsonErrors {

	/** Jackson's note on which constraint setting a limit comes from. */
	private static final Pattern CONSTRAINT_SOURCE = Pattern.compile(",? from `[^`]*`");

	/** A Java type or constant in backticks, as in {@code `java.util.ArrayList<java.lang.Object>`}. */
	private static final Pattern QUOTED_TYPE = Pattern.compile("`[^`]*\\.[^`]*`");

	private JsonErrors() {
	}

	static String describe(JacksonException ex) {
		if (ex instanceof StreamConstraintsException) {
			return "too large or too deeply nested: " + scrub(ex.getOriginalMessage());
		}
		if (ex instanceof MismatchedInputException mismatched && mismatched.getTargetType() != null) {
			return where(ex) + "expected " + BindingErrors.kind(mismatched.getTargetType());
		}
		return scrub(ex.getOriginalMessage());
	}

	/** Jackson's message without the constraint's setting name and with Java types left out. */
	static String scrub(String message) {
		if (message == null) {
			return "unreadable";
		}
		String scrubbed = CONSTRAINT_SOURCE.matcher(message).replaceAll("");
		return QUOTED_TYPE.matcher(scrubbed).replaceAll("value");
	}

	private static String where(JacksonException ex) {
		String path = path(ex);
		return path.isEmpty() ? "" : "field '" + path + "': ";
	}

	/** Where in the document the problem is, as {@code a.b[0].c}; empty at the top. */
	static String path(JacksonException ex) {
		StringBuilder path = new StringBuilder();
		for (JacksonException.Reference reference : ex.getPath()) {
			if (reference.getPropertyName() != null) {
				path.append(path.isEmpty() ? "" : ".").append(reference.getPropertyName());
			}
			else {
				path.append('[').append(reference.getIndex()).append(']');
			}
		}
		return path.toString();
	}

}
