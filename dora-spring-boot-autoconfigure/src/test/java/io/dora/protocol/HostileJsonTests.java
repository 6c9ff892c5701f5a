package io.dora.protocol;

import java.io.IOException;

import io.dora.annotation.DoraApi;
import io.dora.client.DoraResponse;
import io.dora.test.DoraTestContexts;
import io.dora.test.RawDoraSocket;
import io.dora.test.RawFrames;
import io.dora.test.TestHandlers;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * JSON built to hurt: numbers that overflow a double are refused with 100004 rather than reaching a handler as
 * {@code Infinity}, a class name in a body stays a string, and what is wrong with a body is said without naming the
 * JSON library's classes or settings.
 */
class HostileJsonTests {

	private final DoraJsonCodec codec = new DoraJsonCodec(JsonMapper.builder().build());

	@Test
	void anOverflowingExponentIsRefusedWith100004() {
		for (String number : new String[] { "1e999999999", "-1e999999999", "1.5e400" }) {
			assertThatExceptionOfType(DoraProtocolException.class)
				.isThrownBy(() -> this.codec.readRequest(request("{\"n\": " + number + "}")))
				.satisfies((ex) -> {
					assertThat(ex.code()).isEqualTo(DoraCodes.BAD_PARAMETER);
					assertThat(ex.getMessage()).contains("finite");
				});
		}
		assertThat(this.codec.readRequest(request("{\"n\": 1.7976931348623157e308}")).api()).isNotEmpty();
	}

	@Test
	void anOverflowingExponentIsRefusedWhenTheApplicationReadsFloatsAsDecimals() {
		DoraJsonCodec decimals = new DoraJsonCodec(
				JsonMapper.builder().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS).build());
		assertThatExceptionOfType(DoraProtocolException.class)
			.isThrownBy(() -> decimals.readRequest(request("{\"n\": 1e999999999}")))
			.satisfies((ex) -> assertThat(ex.code()).isEqualTo(DoraCodes.BAD_PARAMETER));
		assertThat(decimals.readTree("{\"n\": 1.25}".getBytes(), DoraCodes.MALFORMED, "body").get("n").decimalValue())
			.isEqualByComparingTo("1.25");
	}

	@Test
	void messagesNameNoLibraryClassOrSetting() {
		String deep = "[".repeat(100_000) + "]".repeat(100_000);
		String longNumber = "1".repeat(5_000);
		for (byte[] body : new byte[][] { request(deep), request(longNumber), "{\"api\": [1, 2]}".getBytes(),
				"{\"api\": x}".getBytes() }) {
			assertThatExceptionOfType(DoraProtocolException.class)
				.isThrownBy(() -> this.codec.readRequest(body))
				.satisfies((ex) -> assertThat(ex.getMessage()).doesNotContain("StreamReadConstraints")
					.doesNotContain("java.")
					.doesNotContain("tools.jackson")
					.doesNotContain("`"));
		}
		assertThatExceptionOfType(DoraProtocolException.class)
			.isThrownBy(() -> this.codec.readTree(deep.getBytes(), DoraCodes.MALFORMED, "request body"))
			.withMessageContaining("too large or too deeply nested")
			.withMessageContaining("nesting depth")
			.withMessageNotContaining("StreamReadConstraints");
	}

	@Test
	void aClassNameInTheBodyIsOnlyData() {
		RequestEnvelope<JsonNode> request = this.codec.readRequest(
				request("{\"@class\": \"java.lang.ProcessBuilder\", \"command\": [\"touch\", \"/tmp/x\"]}"));
		Object param = this.codec.convert(request.api().get("one").param(), this.codec.type(Object.class));
		assertThat(param).isInstanceOf(java.util.Map.class);
		assertThat(((java.util.Map<?, ?>) param).get("@class")).isEqualTo("java.lang.ProcessBuilder");
	}

	@Test
	void aProviderAnswersAnOverflowingExponentOverTcpWith100004AndRunsNothing() {
		DoraTestContexts.provider().withPropertyValues("dora.server.address=127.0.0.1").run((context) -> {
			try (RawDoraSocket socket = new RawDoraSocket(DoraTestContexts.port(context))) {
				Guid guid = Guid.random();
				socket.send(RawFrames.call(guid,
						"{\"api\": {\"one\": {\"name\": \"/count\", \"param\": {\"n\": 1e999999999}}}}"));
				ResponseEnvelope<JsonNode> reply = this.codec.readResponse(socket.read().body());
				assertThat(reply.code()).isEqualTo(DoraCodes.BAD_PARAMETER);
				assertThat(reply.msg()).contains("finite");
				// The connection goes on.
				socket.send(RawFrames.call(Guid.random(), "{\"api\": {\"one\": {\"name\": \"/echo\", \"param\": 1}}}"));
				assertThat(this.codec.readResponse(socket.read().body()).code()).isZero();
			}
			catch (IOException ex) {
				throw new IllegalStateException(ex);
			}
			assertThat(context.getBean(TestHandlers.class).executions).isEmpty();
		});
	}

	@Test
	void dataAHandlerReturnsThatCannotBeWrittenIsAHandlerFailureNamingNoClass() {
		DoraTestContexts.provider().withPropertyValues("dora.server.address=127.0.0.1")
			.withBean(UnwritableHandler.class)
			.run((context) -> {
				DoraResponse response = DoraTestContexts.selfTemplate(context).exchange("/unwritable", null);
				assertThat(response.getCode()).as(response.getMsg()).isEqualTo(DoraCodes.HANDLER_ERROR);
				assertThat(response.getMsg()).startsWith("internal error (guid ")
					.doesNotContain("Opaque")
					.doesNotContain("secret")
					.doesNotContain("Feature")
					.doesNotContain("java.");
			});
	}

	static class UnwritableHandler {

		/** An object whose property cannot be read: writing it fails with a message naming its class. */
		@DoraApi("/unwritable")
		Object unwritable() {
			return new Opaque();
		}

		public static final class Opaque {

			public String getValue() {
				throw new IllegalStateException("secret detail of Opaque");
			}

		}

	}

	private static byte[] request(String param) {
		return ("{\"api\": {\"one\": {\"name\": \"/echo\", \"param\": " + param + "}}}").getBytes();
	}

}
