package io.dora.test.stub;

import java.util.Map;

import io.dora.protocol.CallMode;
import io.dora.protocol.DoraJsonCodec;
import tools.jackson.databind.JsonNode;

import org.springframework.core.ParameterizedTypeReference;

/**
 * One API call the stub server received: one entry of a request, so a multi-API request records one call per entry.
 */
public final class RecordedCall {

	private final String api;

	private final JsonNode param;

	private final CallMode mode;

	private final String guid;

	private final String key;

	private final Map<String, String> meta;

	private final DoraJsonCodec codec;

	RecordedCall(String api, JsonNode param, CallMode mode, String guid, String key, Map<String, String> meta,
			DoraJsonCodec codec) {
		this.api = api;
		this.param = param;
		this.mode = mode;
		this.guid = guid;
		this.key = key;
		this.meta = (meta != null) ? Map.copyOf(meta) : Map.of();
		this.codec = codec;
	}

	/** The API name called, such as {@code /module_a/abc}. */
	public String api() {
		return this.api;
	}

	/** The parameter as sent; {@code null} when none was. */
	public JsonNode param() {
		return this.param;
	}

	/** The parameter bound to a type, as a handler would receive it. */
	public <T> T param(Class<T> type) {
		return (this.param != null) ? this.codec.convert(this.param, this.codec.type(type)) : null;
	}

	/** The parameter bound to a generic type, such as {@code List<Order>}. */
	public <T> T param(ParameterizedTypeReference<T> type) {
		return (this.param != null) ? this.codec.convert(this.param, this.codec.type(type.getType())) : null;
	}

	/** The call mode: {@code SYNC} (0), {@code NO_RESULT} (1, fire-and-forget) or {@code ASYNC_RESULT} (2). */
	public CallMode mode() {
		return this.mode;
	}

	/** The request's guid. */
	public String guid() {
		return this.guid;
	}

	/** The caller's key of this entry; {@code "one"} for single calls. */
	public String key() {
		return this.key;
	}

	/** The attributes sent with the request, such as trace context. */
	public Map<String, String> meta() {
		return this.meta;
	}

	@Override
	public String toString() {
		return "mode " + this.mode.mode() + " " + this.api + " " + this.param;
	}

}
