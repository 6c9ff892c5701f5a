package io.dora.bench.core;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One measured figure as a flat JSON object on one line, prefixed with {@value #PREFIX} so that the runner can pick
 * it out of a driver's output.
 */
public final class ResultLine {

	public static final String PREFIX = "BENCH-RESULT ";

	private final Map<String, Object> fields = new LinkedHashMap<>();

	public ResultLine put(String name, Object value) {
		this.fields.put(name, value);
		return this;
	}

	public String toJson() {
		StringBuilder json = new StringBuilder("{");
		this.fields.forEach((name, value) -> {
			if (json.length() > 1) {
				json.append(',');
			}
			json.append('"').append(name).append("\":");
			if (value instanceof Number number) {
				json.append((number instanceof Double || number instanceof Float)
						? String.format(Locale.ROOT, "%.3f", number.doubleValue()) : number.toString());
			}
			else if (value == null) {
				json.append("null");
			}
			else {
				json.append('"').append(value.toString().replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
			}
		});
		return json.append('}').toString();
	}

	@Override
	public String toString() {
		return PREFIX + toJson();
	}

}
