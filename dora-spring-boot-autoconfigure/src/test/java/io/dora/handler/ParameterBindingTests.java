package io.dora.handler;

import java.util.Map;

import io.dora.annotation.DoraApi;
import io.dora.client.DoraResponse;
import io.dora.client.DoraResult;
import io.dora.client.DoraTemplate;
import io.dora.protocol.DoraCodes;
import io.dora.protocol.DoraJsonCodec;
import io.dora.protocol.Guid;
import io.dora.protocol.ResponseEnvelope;
import io.dora.test.DoraTestContexts;
import io.dora.test.RawDoraSocket;
import io.dora.test.RawFrames;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Parameters that do not fit the handler's declared type get a clear code and a message without stack traces or
 * class names; the handler does not run.
 */
class ParameterBindingTests {

	private static final DoraJsonCodec CODEC = new DoraJsonCodec(JsonMapper.builder().build());

	enum Level {

		LOW, HIGH

	}

	record Order(String id, int quantity, Level level) {
	}

	static class OrderApi {

		volatile int calls;

		@DoraApi("/order/place")
		String place(Order order) {
			this.calls++;
			return order.id() + " x" + order.quantity() + " " + order.level();
		}

		@DoraApi("/order/count")
		int count(int value) {
			this.calls++;
			return value;
		}

	}

	@Test
	void wellFormedParameterBinds() {
		run((dora) -> assertThat(dora.call("/order/place", Map.of("id", "a1", "quantity", 2, "level", "HIGH"),
				String.class)).isEqualTo("a1 x2 HIGH"));
	}

	@Test
	void wrongTypesUnknownEnumsAndMissingPrimitivesAreBadParameters() {
		run((dora) -> {
			assertBadParameter(dora.exchange("/order/place", Map.of("id", "a", "quantity", "many", "level", "LOW")));
			assertBadParameter(dora.exchange("/order/place", Map.of("id", "a", "quantity", 1, "level", "MEDIUM")));
			assertBadParameter(dora.exchange("/order/place", Map.of("id", "a", "level", "LOW")));
			assertBadParameter(dora.exchange("/order/place", "not an object"));
			assertBadParameter(dora.exchange("/order/count", null));
			assertBadParameter(dora.exchange("/order/count", Map.of("value", 1)));
		});
	}

	@Test
	void hugeNestingIsRefusedWithoutHarm() {
		DoraTestContexts.runner()
			.withPropertyValues("dora.server.port=0")
			.withBean(OrderApi.class)
			.run((context) -> {
				try (RawDoraSocket socket = new RawDoraSocket(DoraTestContexts.port(context))) {
					Guid guid = Guid.random();
					String body = "{\"guid\":\"" + guid + "\",\"api\":{\"one\":{\"name\":\"/order/place\",\"param\":"
							+ "[".repeat(50_000) + "]".repeat(50_000) + "}}}";
					socket.send(RawFrames.call(guid, body));
					ResponseEnvelope<JsonNode> reply = CODEC.readResponse(socket.read().body());
					assertThat(reply.code()).isEqualTo(DoraCodes.MALFORMED);
					assertThat(reply.msg()).doesNotContain("\tat ", "tools.jackson");
				}
				assertThat(context.getBean(OrderApi.class).calls).isZero();
				assertThat(DoraTestContexts.selfTemplate(context).call("/order/count", 7, Integer.class)).isEqualTo(7);
			});
	}

	@Test
	void valueTheClientCannotWriteFailsBeforeSending() {
		run((dora) -> {
			Object nested = "leaf";
			for (int i = 0; i < 5_000; i++) {
				nested = java.util.List.of(nested);
			}
			DoraResponse response = dora.exchange("/order/place", nested);
			assertThat(response.getCode()).isEqualTo(DoraCodes.BAD_PARAMETER);
		});
	}

	private static void assertBadParameter(DoraResponse response) {
		assertThat(response.getCode()).isZero();
		DoraResult result = response.getResult();
		assertThat(result.getCode()).isEqualTo(DoraCodes.BAD_PARAMETER);
		assertThat(result.getMsg()).startsWith("cannot read param").doesNotContain("\tat ", "tools.jackson", "io.dora", "$");
	}

	private static void run(java.util.function.Consumer<DoraTemplate> test) {
		DoraTestContexts.runner()
			.withPropertyValues("dora.server.port=0")
			.withBean(OrderApi.class)
			.run((context) -> {
				test.accept(DoraTestContexts.selfTemplate(context));
				if (!context.getBean(OrderApi.class).getClass().equals(OrderApi.class)) {
					throw new AssertionError("unexpected proxy");
				}
			});
	}

}
