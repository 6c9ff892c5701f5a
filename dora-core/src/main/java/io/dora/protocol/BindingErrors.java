package io.dora.protocol;

import java.util.Arrays;
import java.util.stream.Collectors;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.exc.MismatchedInputException;

/**
 * Says what was wrong with a parameter in the caller's terms (the field and the kind of value expected), without
 * the class names and source locations that Jackson's own messages carry.
 */
final class BindingErrors {

	private BindingErrors() {
	}

	static String describe(JacksonException ex, JavaType target) {
		String where = path(ex);
		if (ex instanceof InvalidFormatException invalid && invalid.getTargetType() != null
				&& invalid.getTargetType().isEnum()) {
			String allowed = Arrays.stream(invalid.getTargetType().getEnumConstants())
				.map(String::valueOf)
				.collect(Collectors.joining(", "));
			return where + ": value " + quote(invalid.getValue()) + " is not one of [" + allowed + "]";
		}
		if (ex instanceof MismatchedInputException mismatched && mismatched.getTargetType() != null) {
			return where + ": expected " + kind(mismatched.getTargetType());
		}
		if (ex instanceof tools.jackson.core.exc.StreamConstraintsException) {
			return where + ": too large or too deeply nested";
		}
		return where + ": expected " + kind(target.getRawClass());
	}

	private static String path(JacksonException ex) {
		String path = JsonErrors.path(ex);
		return path.isEmpty() ? "param" : "param field '" + path + "'";
	}

	private static String quote(Object value) {
		return (value instanceof String) ? "\"" + value + "\"" : String.valueOf(value);
	}

	/** The JSON kind of value a Java type reads from. */
	static String kind(Class<?> type) {
		if (type == boolean.class || type == Boolean.class) {
			return "a boolean";
		}
		if (type.isPrimitive() || Number.class.isAssignableFrom(type)) {
			return "a number";
		}
		if (CharSequence.class.isAssignableFrom(type) || type.isEnum() || type == Character.class) {
			return "a string";
		}
		if (type.isArray() || java.util.Collection.class.isAssignableFrom(type)) {
			return "an array";
		}
		return "an object";
	}

}
