package io.dora.protocol;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.ValueSerializer;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.module.SimpleModule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * {@link DoraBodyCodec}: the CBOR codec binds values with the application's JsonMapper settings (annotations, a
 * module it registers, its naming strategy) exactly as the JSON codec does.
 */
class DoraBodyCodecTests {

	/** The application's mapper: a module of its own for money and snake_case names. */
	private final JsonMapper appMapper = JsonMapper.builder()
		.addModule(new SimpleModule("money").addSerializer(Money.class, new MoneySerializer())
			.addDeserializer(Money.class, new MoneyDeserializer()))
		.propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
		.build();

	private final DoraJsonCodec codec = new DoraJsonCodec(this.appMapper);

	private final DoraBodyCodec cbor = this.codec.bodyCodec(DoraProtocol.CODEC_CBOR);

	private final Order order = new Order("o-1", new Money(new BigDecimal("12.50"), "EUR"), List.of("a", "b"),
			"not sent");

	@Test
	void cborIsCodecTwoAndJsonOne() {
		assertThat(this.cbor.id()).isEqualTo(2);
		assertThat(this.codec.bodyCodec(DoraProtocol.CODEC_JSON).id()).isEqualTo(1);
		assertThat(this.codec.bodyCodec(3)).isNull();
		assertThat(this.codec.supports(2)).isTrue();
		assertThat(this.codec.supports(3)).isFalse();
	}

	@Test
	void jsonOnlyCodecDoesNotSpeakCbor() {
		DoraJsonCodec jsonOnly = new DoraJsonCodec(this.appMapper, false);
		assertThat(jsonOnly.supports(DoraProtocol.CODEC_CBOR)).isFalse();
		assertThat(jsonOnly.bodyCodec(DoraProtocol.CODEC_CBOR)).isNull();
		assertThat(jsonOnly.supports(DoraProtocol.CODEC_JSON)).isTrue();
	}

	@Test
	void requestParamRoundTripsThroughCborWithTheApplicationsAnnotationsModuleAndNaming() {
		RequestEnvelope<Object> request = new RequestEnvelope<>("g1", "W_S", Map.of("one", new ApiCall<>("/orders", this.order)),
				null);
		byte[] body = this.cbor.writeBytes(request);
		assertThat(body[0] & 0xE0).as("a CBOR map, not JSON text").isEqualTo(0xA0);

		RequestEnvelope<JsonNode> read = this.cbor.readRequest(body);
		JsonNode param = read.api().get("one").param();
		// The module wrote money as text, the naming strategy and @JsonProperty named the fields, @JsonIgnore left one out.
		assertThat(param.get("total").asString()).isEqualTo("12.50 EUR");
		assertThat(param.has("order_id")).isTrue();
		assertThat(param.has("line_items")).isTrue();
		assertThat(param.has("note")).isFalse();
		Order bound = this.codec.convert(param, this.codec.type(Order.class));
		assertThat(bound).isEqualTo(new Order("o-1", this.order.total(), List.of("a", "b"), null));
	}

	@Test
	void cborAndJsonBodiesBindToEqualValues() {
		ResponseEnvelope<ApiResult<Order>> reply = ResponseEnvelope.ok("g1", ApiResult.ok("g1", this.order));
		JavaType type = this.codec.type(Order.class);
		Order viaCbor = this.cbor.<Order>readSingleResponse(this.cbor.writeBytes(reply), type).data().data();
		Order viaJson = this.codec.json().<Order>readSingleResponse(this.codec.writeBytes(reply), type).data().data();
		assertThat(viaCbor).isEqualTo(viaJson).isEqualTo(new Order("o-1", this.order.total(), List.of("a", "b"), null));
	}

	@Test
	void genericDataIsBoundToItsParameterizedType() {
		Map<String, List<Order>> data = Map.of("open", List.of(this.order, this.order));
		ResponseEnvelope<ApiResult<Map<String, List<Order>>>> reply = ResponseEnvelope.ok("g2", ApiResult.ok("g2", data));
		JavaType type = this.appMapper.getTypeFactory()
			.constructMapType(Map.class, this.codec.type(String.class),
					this.appMapper.getTypeFactory().constructCollectionType(List.class, Order.class));
		ResponseEnvelope<ApiResult<Map<String, List<Order>>>> read = this.cbor.readSingleResponse(this.cbor.writeBytes(reply),
				type);
		assertThat(read.data().data().get("open")).hasSize(2)
			.allSatisfy((order) -> assertThat(order.total()).isEqualTo(this.order.total()));
	}

	@Test
	void untypedReplyKeepsDataAsATreeAndItsCodesAreReadOnArrival() {
		ResponseEnvelope<ApiResult<Order>> reply = ResponseEnvelope.ok("g3",
				ApiResult.failure("g3", 4242, "custom failure"));
		byte[] body = this.cbor.writeBytes(reply);
		assertThat(this.cbor.readCodes(body)).isEqualTo(new ReplyCodes(0, 4242));
		ResponseEnvelope<JsonNode> read = this.cbor.readResponse(body);
		assertThat(this.codec.readResult(read.data()).msg()).isEqualTo("custom failure");
	}

	@Test
	void cborIsSmallerThanJsonForTheSameReply() {
		ResponseEnvelope<ApiResult<List<Order>>> reply = ResponseEnvelope.ok("g4",
				ApiResult.ok("g4", List.of(this.order, this.order, this.order)));
		ByteBuf cborBytes = Unpooled.buffer();
		ByteBuf jsonBytes = Unpooled.buffer();
		try {
			this.cbor.write(cborBytes, reply);
			this.codec.write(jsonBytes, reply);
			assertThat(cborBytes.readableBytes()).isLessThan(jsonBytes.readableBytes());
		}
		finally {
			cborBytes.release();
			jsonBytes.release();
		}
	}

	@Test
	void bodyThatIsNotCborIsMalformed() {
		assertThatExceptionOfType(DoraProtocolException.class)
			.isThrownBy(() -> this.cbor.readRequest(new byte[] { (byte) 0xBF, 0x61 }))
			.satisfies((ex) -> assertThat(ex.code()).isEqualTo(DoraCodes.MALFORMED))
			.withMessageContaining("not valid CBOR");
		assertThat(this.cbor.readCodes(new byte[] { 0x7B })).isEqualTo(ReplyCodes.UNREADABLE);
	}

	record Money(BigDecimal amount, String currency) {
	}

	record Order(@JsonProperty("order_id") String id, Money total, List<String> lineItems, @JsonIgnore String note) {
	}

	static final class MoneySerializer extends ValueSerializer<Money> {

		@Override
		public void serialize(Money value, JsonGenerator gen, SerializationContext ctxt) {
			gen.writeString(value.amount().toPlainString() + " " + value.currency());
		}

	}

	static final class MoneyDeserializer extends ValueDeserializer<Money> {

		@Override
		public Money deserialize(JsonParser p, DeserializationContext ctxt) {
			String[] parts = p.getString().split(" ");
			return new Money(new BigDecimal(parts[0]), parts[1]);
		}

	}

}
