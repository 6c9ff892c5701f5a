package io.dora.protocol.original;

import java.util.LinkedHashMap;
import java.util.Map;

import io.dora.protocol.ApiCall;
import io.dora.protocol.ApiResult;
import io.dora.protocol.DoraCodes;
import io.dora.protocol.DoraProtocolException;
import io.dora.protocol.RequestEnvelope;
import io.dora.protocol.ResponseEnvelope;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Translates between the original's envelopes, as PHP arrays held in JSON trees, and Dora's. The original's key
 * orders are kept: requests {@code api, guid, type}; replies {@code guid, code, msg, data} and {@code isresult} on
 * pushed results. Where Dora has {@code null} data on a failure or an acknowledgement, the original had an empty
 * array, and PHP callers count on an array there, so that is what they get.
 */
public final class OriginalEnvelopes {

	private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

	private final JsonMapper mapper;

	/**
	 * @param mapper turns handler results into trees, with the application's Jackson settings
	 */
	public OriginalEnvelopes(JsonMapper mapper) {
		this.mapper = mapper;
	}

	/**
	 * A received request as Dora's envelope. Its guid is the body's, as the original server used it, or the header's
	 * when the body has none (the original then replied with an empty guid and broke the framing).
	 * @param tree the unserialized body
	 * @param headerGuid the frame's guid
	 * @throws DoraProtocolException with {@link OriginalProtocol#BAD_PACKET} when the body is not a request
	 */
	public RequestEnvelope<JsonNode> request(JsonNode tree, String headerGuid) {
		if (!tree.isObject()) {
			throw new DoraProtocolException(OriginalProtocol.BAD_PACKET,
					"param api is empty: the body is not an array with the keys api, guid and type");
		}
		JsonNode guid = tree.get("guid");
		JsonNode type = tree.get("type");
		return new RequestEnvelope<>((guid != null && guid.isString()) ? guid.asString() : headerGuid,
				(type != null && type.isString()) ? type.asString() : null, api(tree.get("api")), null);
	}

	/** The entries of {@code api}; {@code null} when it is missing or no array, which the dispatcher answers 100003. */
	private static Map<String, ApiCall<JsonNode>> api(JsonNode api) {
		if (api == null || !api.isContainer()) {
			return null;
		}
		Map<String, ApiCall<JsonNode>> entries = new LinkedHashMap<>();
		if (api.isArray()) {
			for (int i = 0; i < api.size(); i++) {
				entries.put(Integer.toString(i), entry(Integer.toString(i), api.get(i)));
			}
		}
		else {
			api.properties().forEach((entry) -> entries.put(entry.getKey(), entry(entry.getKey(), entry.getValue())));
		}
		return entries;
	}

	private static ApiCall<JsonNode> entry(String key, JsonNode entry) {
		if (!entry.isObject()) {
			throw new DoraProtocolException(OriginalProtocol.BAD_PACKET,
					"api entry '" + key + "' is not an array with the keys name and param");
		}
		JsonNode name = entry.get("name");
		if (name != null && name.isContainer()) {
			throw new DoraProtocolException(OriginalProtocol.BAD_PACKET, "the name of api entry '" + key
					+ "' is an array, not a string");
		}
		return new ApiCall<>((name != null && !name.isNull()) ? name.asString() : null, entry.get("param"));
	}

	/** A request as the original client builds it: {@code api, guid, type}. */
	public ObjectNode request(String guid, String type, Map<String, ? extends ApiCall<?>> api) {
		ObjectNode entries = NODES.objectNode();
		api.forEach((key, call) -> {
			ObjectNode entry = entries.putObject(key);
			entry.put("name", call.name());
			entry.set("param", tree(call.param()));
		});
		ObjectNode request = NODES.objectNode();
		request.set("api", entries);
		request.put("guid", guid);
		request.put("type", type);
		return request;
	}

	/** A Dora reply as the original's envelope, in its key order, with the original's messages for its codes. */
	public ObjectNode reply(ResponseEnvelope<?> response, String guid) {
		ObjectNode reply = NODES.objectNode();
		reply.put("guid", (response.guid() != null) ? response.guid() : guid);
		reply.put("code", response.code());
		reply.put("msg", OriginalProtocol.message(response.code(), response.msg()));
		Object data = response.data();
		if (data instanceof ApiResult<?> result) {
			reply.set("data", result(result));
		}
		else if (data instanceof Map<?, ?> map && holdsOnlyResults(map)) {
			ObjectNode results = reply.putObject("data");
			map.forEach((key, value) -> results.set(String.valueOf(key), result((ApiResult<?>) value)));
		}
		else {
			reply.set("data", data(response.code(), data));
		}
		if (response.isresult() != null) {
			reply.put("isresult", response.isresult());
		}
		return reply;
	}

	private ObjectNode result(ApiResult<?> result) {
		ObjectNode node = NODES.objectNode();
		node.put("guid", result.guid());
		node.put("code", result.code());
		node.put("msg", result.msg());
		node.set("data", data(result.code(), result.data()));
		return node;
	}

	/** The data of a level: an empty array where the original had one (failures, acknowledgements). */
	private JsonNode data(int code, Object data) {
		if (data == null && code != 0) {
			return NODES.arrayNode();
		}
		return tree(data);
	}

	private JsonNode tree(Object value) {
		if (value == null) {
			return NODES.nullNode();
		}
		if (value instanceof JsonNode node) {
			return node;
		}
		try {
			return this.mapper.valueToTree(value);
		}
		catch (JacksonException ex) {
			throw new DoraProtocolException(DoraCodes.BAD_PARAMETER,
					"value cannot be written for PHP: " + ex.getOriginalMessage(), ex);
		}
	}

	private static boolean holdsOnlyResults(Map<?, ?> map) {
		if (map.isEmpty()) {
			return false;
		}
		for (Object value : map.values()) {
			if (!(value instanceof ApiResult<?>)) {
				return false;
			}
		}
		return true;
	}

	/**
	 * A reply from an original provider as the JSON body a Dora provider would have sent: {@code data} is null
	 * where the original had an empty array on a failure or an acknowledgement, at the dispatch level and in every
	 * per-API result.
	 * @throws DoraProtocolException with {@link OriginalProtocol#BAD_PACKET} when it is not a reply envelope
	 */
	public byte[] doraReplyJson(JsonNode reply) {
		if (!reply.isObject() || !reply.path("code").isIntegralNumber()) {
			throw new DoraProtocolException(OriginalProtocol.BAD_PACKET,
					"reply is not an array with the keys guid, code, msg and data");
		}
		ObjectNode dora = ((ObjectNode) reply).deepCopy();
		normalize(dora);
		JsonNode data = dora.get("data");
		if (data != null && data.isObject() && !isResult(data)) {
			data.properties().forEach((entry) -> {
				if (isResult(entry.getValue())) {
					normalize((ObjectNode) entry.getValue());
				}
			});
		}
		else if (data != null && isResult(data)) {
			normalize((ObjectNode) data);
		}
		return this.mapper.writeValueAsBytes(dora);
	}

	private static boolean isResult(JsonNode node) {
		return node.isObject() && node.path("code").isIntegralNumber() && node.has("msg");
	}

	private static void normalize(ObjectNode level) {
		JsonNode data = level.get("data");
		if (level.path("code").asInt() != 0 && data != null && data.isArray() && data.isEmpty()) {
			level.putNull("data");
		}
	}

}
