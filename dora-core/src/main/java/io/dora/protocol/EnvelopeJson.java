package io.dora.protocol;

import java.util.LinkedHashMap;
import java.util.Map;

import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.JsonNode;

/**
 * Reads and writes Dora's own envelopes ({@link RequestEnvelope}, {@link ResponseEnvelope}, {@link ApiCall},
 * {@link ApiResult}) token by token, and hands only the user's values (params, data) to data binding through the
 * parser of a mapper, which therefore must have created it. The JSON is the
 * same as binding the records would give; the point is cost: record binding builds every record through a reflective
 * creator call and buffers its properties, which was a large share of the CPU of a small call.
 */
final class EnvelopeJson {

	private EnvelopeJson() {
	}

	static void writeRequest(JsonGenerator generator, RequestEnvelope<?> request) {
		generator.writeStartObject();
		generator.writeStringProperty("guid", request.guid());
		generator.writeStringProperty("type", request.type());
		generator.writeName("api");
		if (request.api() == null) {
			generator.writeNull();
		}
		else {
			generator.writeStartObject();
			for (Map.Entry<String, ? extends ApiCall<?>> entry : request.api().entrySet()) {
				generator.writeName(entry.getKey());
				ApiCall<?> call = entry.getValue();
				if (call == null) {
					generator.writeNull();
					continue;
				}
				generator.writeStartObject();
				generator.writeStringProperty("name", call.name());
				generator.writeName("param");
				generator.writePOJO(call.param());
				generator.writeEndObject();
			}
			generator.writeEndObject();
		}
		if (request.meta() != null && !request.meta().isEmpty()) {
			generator.writeName("meta");
			generator.writePOJO(request.meta());
		}
		generator.writeEndObject();
	}

	static void writeResponse(JsonGenerator generator, ResponseEnvelope<?> response) {
		generator.writeStartObject();
		generator.writeStringProperty("guid", response.guid());
		generator.writeNumberProperty("code", response.code());
		generator.writeStringProperty("msg", response.msg());
		generator.writeName("data");
		Object data = response.data();
		if (data instanceof ApiResult<?> result) {
			writeResult(generator, result);
		}
		else if (data instanceof Map<?, ?> map && holdsOnlyResults(map)) {
			generator.writeStartObject();
			for (Map.Entry<?, ?> entry : map.entrySet()) {
				generator.writeName(String.valueOf(entry.getKey()));
				writeResult(generator, (ApiResult<?>) entry.getValue());
			}
			generator.writeEndObject();
		}
		else {
			generator.writePOJO(data);
		}
		if (response.isresult() != null) {
			generator.writeNumberProperty("isresult", response.isresult());
		}
		generator.writeEndObject();
	}

	private static boolean holdsOnlyResults(Map<?, ?> map) {
		if (map.isEmpty()) {
			return false;
		}
		for (Map.Entry<?, ?> entry : map.entrySet()) {
			if (!(entry.getKey() instanceof String) || !(entry.getValue() instanceof ApiResult<?>)) {
				return false;
			}
		}
		return true;
	}

	static void writeResult(JsonGenerator generator, ApiResult<?> result) {
		generator.writeStartObject();
		generator.writeStringProperty("guid", result.guid());
		generator.writeNumberProperty("code", result.code());
		generator.writeStringProperty("msg", result.msg());
		generator.writeName("data");
		generator.writePOJO(result.data());
		generator.writeEndObject();
	}

	/** A request with each param kept as a JSON tree; {@code null} for an empty body or a JSON {@code null}. */
	static RequestEnvelope<JsonNode> readRequest(JsonParser parser) {
		JsonToken token = parser.nextToken();
		if (token == null || token == JsonToken.VALUE_NULL) {
			return null;
		}
		expectObject(token, "the request");
		String guid = null;
		String type = null;
		Map<String, ApiCall<JsonNode>> api = null;
		Map<String, String> meta = null;
		while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
			String name = parser.currentName();
			token = parser.nextToken();
			switch (name) {
				case "guid" -> guid = text(parser, token, name);
				case "type" -> type = text(parser, token, name);
				case "api" -> api = readApi(parser, token);
				case "meta" -> meta = readMeta(parser, token);
				default -> parser.skipChildren();
			}
		}
		return new RequestEnvelope<>(guid, type, api, meta);
	}

	private static Map<String, ApiCall<JsonNode>> readApi(JsonParser parser, JsonToken token) {
		if (token == JsonToken.VALUE_NULL) {
			return null;
		}
		expectObject(token, "'api'");
		Map<String, ApiCall<JsonNode>> api = new LinkedHashMap<>();
		while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
			String key = parser.currentName();
			token = parser.nextToken();
			if (token == JsonToken.VALUE_NULL) {
				api.put(key, null);
				continue;
			}
			if (token != JsonToken.START_OBJECT) {
				// Described only when refused: this runs for every entry of every request.
				expectObject(token, "api entry '" + key + "'");
			}
			String name = null;
			JsonNode param = null;
			while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
				String field = parser.currentName();
				token = parser.nextToken();
				if (field.equals("name")) {
					name = text(parser, token, field);
				}
				else if (field.equals("param")) {
					param = parser.readValueAsTree();
				}
				else {
					parser.skipChildren();
				}
			}
			api.put(key, new ApiCall<>(name, param));
		}
		return api;
	}

	private static Map<String, String> readMeta(JsonParser parser, JsonToken token) {
		if (token == JsonToken.VALUE_NULL) {
			return null;
		}
		expectObject(token, "'meta'");
		Map<String, String> meta = new LinkedHashMap<>();
		while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
			String key = parser.currentName();
			meta.put(key, text(parser, parser.nextToken(), key));
		}
		return meta;
	}

	/** A reply with {@code data} kept as a JSON tree. */
	static ResponseEnvelope<JsonNode> readResponse(JsonParser parser) {
		return readResponse(parser, parser::<JsonNode>readValueAsTree);
	}

	/** A single call's reply with the result's data read by {@code data}. */
	static <T> ResponseEnvelope<ApiResult<T>> readSingleResponse(JsonParser parser, ValueReader<T> data) {
		return readResponse(parser, () -> readResult(parser, data));
	}

	private static <D> ResponseEnvelope<D> readResponse(JsonParser parser, ValueReader<D> data) {
		JsonToken token = parser.nextToken();
		if (token == null || token == JsonToken.VALUE_NULL) {
			return null;
		}
		expectObject(token, "the reply");
		String guid = null;
		int code = 0;
		String msg = null;
		D value = null;
		Integer isresult = null;
		while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
			String name = parser.currentName();
			token = parser.nextToken();
			switch (name) {
				case "guid" -> guid = text(parser, token, name);
				case "code" -> code = integer(parser, token, name, 0);
				case "msg" -> msg = text(parser, token, name);
				case "data" -> value = (token == JsonToken.VALUE_NULL) ? data.nullValue() : data.read();
				case "isresult" -> isresult = (token == JsonToken.VALUE_NULL) ? null : integer(parser, token, name, 0);
				default -> parser.skipChildren();
			}
		}
		return new ResponseEnvelope<>(guid, code, msg, value, isresult);
	}

	private static <T> ApiResult<T> readResult(JsonParser parser, ValueReader<T> data) {
		expectObject(parser.currentToken(), "'data'");
		String guid = null;
		int code = 0;
		String msg = null;
		T value = null;
		while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
			String name = parser.currentName();
			JsonToken token = parser.nextToken();
			switch (name) {
				case "guid" -> guid = text(parser, token, name);
				case "code" -> code = integer(parser, token, name, 0);
				case "msg" -> msg = text(parser, token, name);
				case "data" -> value = (token == JsonToken.VALUE_NULL) ? null : data.read();
				default -> parser.skipChildren();
			}
		}
		return new ApiResult<>(guid, code, msg, value);
	}

	/** The per-API result held in a tree, as a multi call's reply has one per key. */
	static ApiResult<JsonNode> result(JsonNode node) {
		if (node == null || !node.isObject()) {
			throw new DoraProtocolException(DoraCodes.MALFORMED, "an api result is not a JSON object: " + node);
		}
		JsonNode guid = node.get("guid");
		JsonNode msg = node.get("msg");
		return new ApiResult<>((guid != null && !guid.isNull()) ? guid.asString() : null, node.path("code").asInt(0),
				(msg != null && !msg.isNull()) ? msg.asString() : null, node.get("data"));
	}

	private static String text(JsonParser parser, JsonToken token, String field) {
		if (token == JsonToken.VALUE_STRING) {
			return parser.getString();
		}
		if (token == JsonToken.VALUE_NULL) {
			return null;
		}
		if (token != null && token.isScalarValue()) {
			return parser.getValueAsString();
		}
		throw new DoraProtocolException(DoraCodes.MALFORMED, "'" + field + "' must be a string, not " + token);
	}

	private static int integer(JsonParser parser, JsonToken token, String field, int nullValue) {
		if (token == JsonToken.VALUE_NUMBER_INT) {
			return parser.getIntValue();
		}
		if (token == JsonToken.VALUE_NULL) {
			return nullValue;
		}
		if (token == JsonToken.VALUE_STRING) {
			try {
				return Integer.parseInt(parser.getString().trim());
			}
			catch (NumberFormatException ex) {
				// reported below
			}
		}
		throw new DoraProtocolException(DoraCodes.MALFORMED, "'" + field + "' must be a whole number, not " + token);
	}

	private static void expectObject(JsonToken token, String what) {
		if (token != JsonToken.START_OBJECT) {
			throw new DoraProtocolException(DoraCodes.MALFORMED, what + " is not a JSON object (" + token + ")");
		}
	}

	/** Reads the value the parser stands on. */
	@FunctionalInterface
	interface ValueReader<V> {

		V read();

		default V nullValue() {
			return null;
		}

	}

}
