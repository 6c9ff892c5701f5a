package io.dora.discovery.redis;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes and reads {@link InstanceRecord}s as JSON. It has its own mapper rather than the application's so that the
 * format in Redis is the same for every application sharing the registry, whatever their Jackson settings.
 */
public final class InstanceRecordCodec {

	private final JsonMapper mapper = JsonMapper.builder()
		.disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
		.disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
		.disable(SerializationFeature.INDENT_OUTPUT)
		.build();

	public String write(InstanceRecord record) {
		return this.mapper.writeValueAsString(record);
	}

	/**
	 * @throws IllegalArgumentException if the text is not a readable record
	 */
	public InstanceRecord read(String json) {
		try {
			InstanceRecord record = this.mapper.readValue(json, InstanceRecord.class);
			if (record.id() == null || record.host() == null || record.port() <= 0) {
				throw new IllegalArgumentException("Instance record without id, host or port: " + json);
			}
			return record;
		}
		catch (JacksonException ex) {
			throw new IllegalArgumentException("Unreadable instance record: " + json, ex);
		}
	}

	/** The instance id a change notification names, or {@code null} when the message is not a readable one. */
	public String changedInstanceId(String message) {
		try {
			JsonNode id = this.mapper.readTree(message).path("id");
			return id.isString() ? id.asString() : null;
		}
		catch (JacksonException ex) {
			return null;
		}
	}

	JsonMapper mapper() {
		return this.mapper;
	}

}
