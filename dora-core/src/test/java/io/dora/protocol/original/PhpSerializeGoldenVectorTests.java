package io.dora.protocol.original;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Values serialized by PHP's own {@code serialize()} ({@code golden-vectors.json}, made by
 * {@code make-golden-vectors.php} next to it, with the command in its header) read as the JSON PHP's
 * {@code json_encode} makes of the same value, and Dora writes them back byte for byte.
 */
class PhpSerializeGoldenVectorTests {

	static final JsonMapper MAPPER = JsonMapper.builder().build();

	static JsonNode vectors() {
		try (InputStream in = PhpSerializeGoldenVectorTests.class.getResourceAsStream("golden-vectors.json")) {
			return MAPPER.readTree(in);
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	static Stream<JsonNode> values() {
		return vectors().get("values").valueStream();
	}

	static byte[] bytes(JsonNode vector, String field) {
		return Base64.getDecoder().decode(vector.get(field).asString());
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("values")
	void phpSerializedValuesReadAsPhpJsonEncodesThem(JsonNode vector) {
		JsonNode expected = MAPPER.readTree(vector.get("json").asString());
		assertThat(new PhpUnserializer().read(bytes(vector, "serialized"))).as(text(vector)).isEqualTo(expected);
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("values")
	void doraSerializesTheSameValuesByteForByteAsPhp(JsonNode vector) {
		JsonNode value = MAPPER.readTree(vector.get("json").asString());
		assertThat(new String(PhpSerializer.serialize(value), StandardCharsets.UTF_8)).isEqualTo(text(vector));
	}

	@Test
	void infinitiesAndNotANumberReadAsDoublesAndAreWrittenBack() {
		for (JsonNode vector : vectors().get("special")) {
			JsonNode value = new PhpUnserializer().read(bytes(vector, "serialized"));
			assertThat(value.isDouble()).isTrue();
			assertThat(new String(PhpSerializer.serialize(value), StandardCharsets.UTF_8)).isEqualTo(text(vector));
		}
	}

	@Test
	void theVectorsCoverTheFloatNotationsPhpUses() {
		assertThat(values().map(PhpSerializeGoldenVectorTests::text)).contains("d:1.0E+17;", "d:10000000000000000;",
				"d:1.0E-5;", "d:0.0001;", "d:-0;", "d:1;", "d:5.0E-324;");
	}

	private static String text(JsonNode vector) {
		return new String(bytes(vector, "serialized"), StandardCharsets.UTF_8);
	}

}
