package io.dora.protocol.original;

import java.nio.charset.StandardCharsets;

import io.dora.protocol.DoraProtocolException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * What the PHP {@code unserialize} replacement accepts and, above all, what it refuses, with the original's code
 * for a bad packet and a message that says why.
 */
class PhpUnserializerTests {

	private final PhpUnserializer unserializer = new PhpUnserializer();

	@Test
	void readsTheOriginalRequestEnvelope() {
		JsonNode request = read("a:3:{s:3:\"api\";a:1:{s:3:\"one\";a:2:{s:4:\"name\";s:4:\"/a/b\";s:5:\"param\";"
				+ "a:1:{s:1:\"k\";i:1;}}}s:4:\"guid\";s:32:\"9dd4e461268c8034f5c8564e155c67a6\";s:4:\"type\";s:3:\"W_S\";}");
		assertThat(request.toString()).isEqualTo("{\"api\":{\"one\":{\"name\":\"/a/b\",\"param\":{\"k\":1}}},"
				+ "\"guid\":\"9dd4e461268c8034f5c8564e155c67a6\",\"type\":\"W_S\"}");
	}

	@Test
	void sequentialIntegerKeysMakeAListAndOtherKeysAMap() {
		assertThat(read("a:2:{i:0;s:1:\"a\";i:1;s:1:\"b\";}").isArray()).isTrue();
		assertThat(read("a:0:{}").isArray()).isTrue();
		assertThat(read("a:2:{i:1;s:1:\"a\";i:0;s:1:\"b\";}").toString()).isEqualTo("{\"1\":\"a\",\"0\":\"b\"}");
		assertThat(read("a:1:{s:1:\"0\";s:1:\"a\";}").isArray()).as("PHP turns the key \"0\" into 0").isTrue();
	}

	@Test
	void stringLengthsAreCountedInBytes() {
		assertThat(read("s:5:\"h\u00e9ll\";").asString()).isEqualTo("h\u00e9ll");
		assertThat(read("s:4:\"a\";b\";").asString()).as("quotes inside need no escaping").isEqualTo("a\";b");
	}

	@ParameterizedTest
	@ValueSource(strings = { "O:8:\"stdClass\":0:{}", "O:3:\"Foo\":1:{s:1:\"a\";i:1;}",
			"C:11:\"ArrayObject\":21:{x:i:0;a:0:{};m:a:0:{}}", "a:2:{i:0;i:1;i:1;r:2;}", "a:2:{i:0;i:1;i:1;R:2;}",
			"E:7:\"Foo:Bar\";", "S:1:\"\\61\";" })
	void objectsClassesReferencesAndEnumsAreRefused(String serialized) {
		assertRefused(serialized, "refused");
	}

	@Test
	void anObjectDeepInsideAnArrayIsRefused() {
		assertRefused("a:1:{s:1:\"x\";a:1:{i:0;O:8:\"stdClass\":0:{}}}", "objects (O:) are refused");
	}

	@Test
	void declaredCountsAndLengthsBeyondTheDataAreRefusedBeforeAllocating() {
		assertRefused("a:2147483647:{}", "does not fit");
		assertRefused("a:9223372036854775807:{", "does not fit");
		assertRefused("s:2147483647:\"x\";", "does not fit");
		assertRefused("s:99999999999999999999:\"x\";", "not a whole number");
		assertRefused("a:-1:{}", "cannot have -1");
	}

	@Test
	void nestingBeyondTheLimitIsRefused() {
		String deep = "a:1:{i:0;".repeat(PhpUnserializer.DEFAULT_MAX_DEPTH + 1) + "N;"
				+ "}".repeat(PhpUnserializer.DEFAULT_MAX_DEPTH + 1);
		assertRefused(deep, "nested deeper than 64");
		String limit = "a:1:{i:0;".repeat(PhpUnserializer.DEFAULT_MAX_DEPTH) + "N;"
				+ "}".repeat(PhpUnserializer.DEFAULT_MAX_DEPTH);
		assertThat(read(limit).isArray()).isTrue();
	}

	@Test
	void moreElementsThanTheLimitAreRefused() {
		PhpUnserializer small = new PhpUnserializer(8, 3);
		assertThat(small.read(bytes("a:2:{i:0;a:1:{i:0;N;}i:1;N;}")).size()).isEqualTo(2);
		assertThatExceptionOfType(DoraProtocolException.class)
			.isThrownBy(() -> small.read(bytes("a:2:{i:0;a:2:{i:0;N;i:1;N;}i:1;N;}")))
			.withMessageContaining("more than 3 array elements");
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "N", "b:2;", "i:;", "i:+5;", "i:05;", "i:-0;", "i:9223372036854775808;", "d:;",
			"d:1e;", "d:0x10;", "s:1:\"ab\";", "s:1:\"a\"", "a:1:{i:0;N;", "a:1:{d:1.5;N;}", "a:1:{b:1;N;}",
			"a:1:{N;N;}", "a:2:{i:0;N;i:0;N;}", "a:2:{s:1:\"5\";N;i:5;N;}", "N;N;", "x", "\u0000" })
	void malformedInputIsRefused(String serialized) {
		assertThatExceptionOfType(DoraProtocolException.class).isThrownBy(() -> read(serialized))
			.satisfies((ex) -> assertThat(ex.code()).isEqualTo(OriginalProtocol.BAD_PACKET))
			.withMessageContaining("at byte");
	}

	@Test
	void invalidUtf8IsRefusedRatherThanReplaced() {
		byte[] latin1 = { 's', ':', '1', ':', '"', (byte) 0xE9, '"', ';' };
		assertThatExceptionOfType(DoraProtocolException.class).isThrownBy(() -> this.unserializer.read(latin1))
			.withMessageContaining("not valid UTF-8");
	}

	@Test
	void scalarsKeepTheirJsonTypes() {
		JsonMapper mapper = JsonMapper.builder().build();
		assertThat(read("a:5:{i:0;i:7;i:1;d:0.5;i:2;b:1;i:3;N;i:4;i:9223372036854775807;}"))
			.isEqualTo(mapper.readTree("[7, 0.5, true, null, 9223372036854775807]"));
	}

	private JsonNode read(String serialized) {
		return this.unserializer.read(bytes(serialized));
	}

	private void assertRefused(String serialized, String reason) {
		assertThatExceptionOfType(DoraProtocolException.class).isThrownBy(() -> read(serialized))
			.satisfies((ex) -> assertThat(ex.code()).isEqualTo(OriginalProtocol.BAD_PACKET))
			.withMessageContaining(reason);
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

}
