package io.dora.client;

import io.dora.protocol.DoraJsonCodec;
import tools.jackson.databind.JsonNode;

import org.springframework.core.ParameterizedTypeReference;

/**
 * The per-API level of a raw result: the handler's code, message and data. The data can be read as any type.
 */
public final class DoraResult extends DoraStatus {

	private final JsonNode data;

	private final DoraJsonCodec codec;

	DoraResult(String guid, int code, String msg, JsonNode data, DoraJsonCodec codec) {
		super(guid, code, msg);
		this.data = data;
		this.codec = codec;
	}

	/** A result made on the caller's side, such as a timeout while collecting. */
	static DoraResult failure(String guid, int code, String msg) {
		return new DoraResult(guid, code, msg, null, null);
	}

	/** The data as received. */
	JsonNode rawData() {
		return this.data;
	}

	/** The data as plain Java values: maps, lists, strings, numbers, booleans or {@code null}. */
	public Object getData() {
		return dataAs(Object.class);
	}

	/** The data bound to {@code type}; {@code null} when there is none. */
	public <T> T dataAs(Class<T> type) {
		if (this.data == null || this.codec == null) {
			return null;
		}
		return this.codec.convert(this.data, this.codec.type(type));
	}

	/** The data bound to a generic type; {@code null} when there is none. */
	public <T> T dataAs(ParameterizedTypeReference<T> type) {
		if (this.data == null || this.codec == null) {
			return null;
		}
		return this.codec.convert(this.data, this.codec.type(type.getType()));
	}

	@Override
	Object dataForDisplay() {
		return this.data;
	}

}
