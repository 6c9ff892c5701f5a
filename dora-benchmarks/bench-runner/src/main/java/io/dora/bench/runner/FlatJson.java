package io.dora.bench.runner;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the flat JSON objects the drivers print (string, number and null values only).
 */
final class FlatJson {

	private static final Pattern FIELD = Pattern
		.compile("\"([^\"]+)\":(\"((?:[^\"\\\\]|\\\\.)*)\"|null|-?[0-9.Ee+-]+)");

	private FlatJson() {
	}

	static Map<String, Object> parse(String json) {
		Map<String, Object> fields = new LinkedHashMap<>();
		Matcher matcher = FIELD.matcher(json);
		while (matcher.find()) {
			String raw = matcher.group(2);
			Object value;
			if (matcher.group(3) != null) {
				value = matcher.group(3).replace("\\\"", "\"").replace("\\\\", "\\");
			}
			else if (raw.equals("null")) {
				value = null;
			}
			else {
				value = Double.parseDouble(raw);
			}
			fields.put(matcher.group(1), value);
		}
		return fields;
	}

}
