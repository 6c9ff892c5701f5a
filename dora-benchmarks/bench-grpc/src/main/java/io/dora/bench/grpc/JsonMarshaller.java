package io.dora.bench.grpc;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

import io.grpc.MethodDescriptor;
import tools.jackson.databind.json.JsonMapper;

/**
 * Marshals gRPC messages as JSON with Jackson, the codec Dora uses, so that the comparison is about transport and
 * runtime rather than about protobuf against JSON.
 */
final class JsonMarshaller<T> implements MethodDescriptor.Marshaller<T> {

	private static final JsonMapper MAPPER = JsonMapper.builder().build();

	private final Class<T> type;

	JsonMarshaller(Class<T> type) {
		this.type = type;
	}

	@Override
	public InputStream stream(T value) {
		return new ByteArrayInputStream(MAPPER.writeValueAsBytes(value));
	}

	@Override
	public T parse(InputStream stream) {
		try (stream) {
			return MAPPER.readValue(stream.readAllBytes(), this.type);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
