package io.dora.protocol.original;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

import io.dora.protocol.ApiCall;
import io.dora.protocol.ApiResult;
import io.dora.protocol.DoraCodes;
import io.dora.protocol.FrameBufferBudget;
import io.dora.protocol.RequestEnvelope;
import io.dora.protocol.ResponseEnvelope;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Whole frames made by PHP (the reference's worked example: request, reply, acknowledgement and pushed result, in
 * every combination of signature and compression; see {@code make-golden-vectors.php}) decode to what PHP encoded,
 * and Dora's encoder writes the reply, the acknowledgement, the pushed result and the request byte for byte as PHP
 * does.
 */
class OriginalGoldenFrameTests {

	private static final String GUID = "9dd4e461268c8034f5c8564e155c67a6";

	private final OriginalEnvelopes envelopes = new OriginalEnvelopes(PhpSerializeGoldenVectorTests.MAPPER);

	static Stream<JsonNode> frames() {
		return PhpSerializeGoldenVectorTests.vectors().get("frames").valueStream();
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("frames")
	void phpFramesDecodeToWhatPhpEncoded(JsonNode vector) {
		OriginalWireOptions options = options(vector);
		EmbeddedChannel channel = new EmbeddedChannel(
				new OriginalFrameDecoder(2 << 20, 0, FrameBufferBudget.UNLIMITED, options));
		channel.writeInbound(Unpooled.wrappedBuffer(PhpSerializeGoldenVectorTests.bytes(vector, "frame")));
		OriginalFrame frame = channel.readInbound();
		assertThat(frame.guid()).isEqualTo(GUID);
		byte[] serialized = new OriginalFrameWriter(options, 2 << 20).serialized(frame);
		assertThat(new PhpUnserializer().read(serialized))
			.isEqualTo(PhpSerializeGoldenVectorTests.MAPPER.readTree(vector.get("json").asString()));
		assertThat(channel.finish()).isFalse();
	}

	@Test
	void theWorkedExampleReplyIsWrittenByteForByteAsPhpWritesIt() {
		ResponseEnvelope<?> reply = ResponseEnvelope.ok(GUID, ApiResult.ok(GUID, Map.of("k", 1)));
		assertFrame("reply", reply, false);
		assertFrame("reply", reply, true);
	}

	@Test
	void theAcknowledgementIsWrittenByteForByteAsPhpWritesIt() {
		assertFrame("acknowledgement",
				ResponseEnvelope.status(GUID, DoraCodes.ACCEPTED, DoraCodes.message(DoraCodes.ACCEPTED)), false);
	}

	@Test
	void thePushedResultIsWrittenByteForByteAsPhpWritesIt() {
		assertFrame("pushed result", ResponseEnvelope.ok(GUID, ApiResult.ok(GUID, Map.of("k", 1))).asPushedResult(),
				true);
	}

	@Test
	void theRequestIsWrittenByteForByteAsThePhpClientWritesIt() {
		Map<String, ApiCall<?>> api = new LinkedHashMap<>();
		api.put("one", new ApiCall<>("/a/b", Map.of("k", 1)));
		byte[] body = PhpSerializer.serialize(this.envelopes.request(GUID, "W_S", api));
		for (boolean signed : new boolean[] { false, true }) {
			OriginalWireOptions options = new OriginalWireOptions(signed, OriginalProtocol.DEFAULT_SALT, false);
			assertThat(hex(write(options, body))).isEqualTo(hex(phpFrame("request", signed, false)));
		}
	}

	@Test
	void theWorkedExampleRequestReadsAsDorasEnvelope() {
		JsonNode vector = frames().filter((frame) -> frame.get("name").asString().equals("request")).findFirst()
			.orElseThrow();
		RequestEnvelope<JsonNode> request = this.envelopes.request(
				PhpSerializeGoldenVectorTests.MAPPER.readTree(vector.get("json").asString()), GUID);
		assertThat(request.guid()).isEqualTo(GUID);
		assertThat(request.type()).isEqualTo("W_S");
		assertThat(request.api()).containsOnlyKeys("one");
		assertThat(request.api().get("one").name()).isEqualTo("/a/b");
		assertThat(request.api().get("one").param().toString()).isEqualTo("{\"k\":1}");
	}

	@Test
	void compressedRepliesReadBackAsWhatWasSent() {
		OriginalWireOptions options = new OriginalWireOptions(true, OriginalProtocol.DEFAULT_SALT, true);
		byte[] body = PhpSerializer.serialize(
				this.envelopes.reply(ResponseEnvelope.ok(GUID, ApiResult.ok(GUID, Map.of("k", 1))), GUID));
		EmbeddedChannel channel = new EmbeddedChannel(
				new OriginalFrameDecoder(2 << 20, 0, FrameBufferBudget.UNLIMITED, options));
		channel.writeInbound(Unpooled.wrappedBuffer(write(options, body)));
		OriginalFrame frame = channel.readInbound();
		assertThat(new OriginalFrameWriter(options, 2 << 20).serialized(frame)).isEqualTo(body);
		assertThat(new String(body, StandardCharsets.UTF_8))
			.isEqualTo(new String(phpBody("reply"), StandardCharsets.UTF_8));
	}

	private void assertFrame(String name, ResponseEnvelope<?> envelope, boolean signed) {
		OriginalWireOptions options = new OriginalWireOptions(signed, OriginalProtocol.DEFAULT_SALT, false);
		byte[] body = PhpSerializer.serialize(this.envelopes.reply(envelope, GUID));
		assertThat(hex(write(options, body))).isEqualTo(hex(phpFrame(name, signed, false)));
	}

	private static byte[] write(OriginalWireOptions options, byte[] body) {
		ByteBuf frame = new OriginalFrameWriter(options, 2 << 20).write(UnpooledByteBufAllocator.DEFAULT, GUID, body);
		try {
			return ByteBufUtil.getBytes(frame);
		}
		finally {
			frame.release();
		}
	}

	private static byte[] phpFrame(String name, boolean signed, boolean compressed) {
		return frames().filter((vector) -> vector.get("name").asString().equals(name)
				&& vector.get("signed").asBoolean() == signed && vector.get("compressed").asBoolean() == compressed)
			.map((vector) -> PhpSerializeGoldenVectorTests.bytes(vector, "frame"))
			.findFirst()
			.orElseThrow();
	}

	private static byte[] phpBody(String name) {
		byte[] frame = phpFrame(name, false, false);
		return java.util.Arrays.copyOfRange(frame, OriginalProtocol.LENGTH_FIELD + OriginalProtocol.GUID_LENGTH,
				frame.length);
	}

	private static OriginalWireOptions options(JsonNode vector) {
		return new OriginalWireOptions(vector.get("signed").asBoolean(), OriginalProtocol.DEFAULT_SALT,
				vector.get("compressed").asBoolean());
	}

	private static String hex(byte[] bytes) {
		return ByteBufUtil.prettyHexDump(Unpooled.wrappedBuffer(bytes));
	}

}
