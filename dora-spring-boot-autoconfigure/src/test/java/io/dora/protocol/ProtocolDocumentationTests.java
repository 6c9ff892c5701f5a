package io.dora.protocol;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import io.dora.annotation.DoraApi;
import io.dora.security.FrameSigner;
import io.dora.security.FrameVerifier;
import io.dora.security.SignatureAudiences;
import io.dora.security.SignatureChecker;
import io.dora.test.DoraTestContexts;
import io.dora.test.RawDoraSocket;
import io.dora.test.RepositoryFiles;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Keeps the hex example in {@code PROTOCOL.md} true: the documented request is exactly what the encoder writes,
 * and a real server answers it with exactly the documented response.
 */
class ProtocolDocumentationTests {

	static final Guid EXAMPLE_GUID = Guid.parse("9dd4e461268c8034f5c8564e155c67a6");

	static final String EXAMPLE_KEY_ID = "k1";

	static final String EXAMPLE_SECRET = "an-example-secret-of-32-bytes!!!";

	static final String EXAMPLE_AUDIENCE = "orders";

	/** 2023-11-14T22:13:20Z. */
	static final long EXAMPLE_TIMESTAMP = 1_700_000_000_000L;

	private final DoraJsonCodec codec = new DoraJsonCodec(JsonMapper.builder().build());

	@Test
	void documentedRequestIsWhatTheEncoderWrites() throws IOException {
		byte[] documented = hexBlock("request");
		ByteBuf encoded = exampleRequest();
		try {
			assertThat(dump(ByteBufUtil.getBytes(encoded))).isEqualTo(dump(documented));
		}
		finally {
			encoded.release();
		}
		EmbeddedChannel channel = new EmbeddedChannel(new DoraFrameDecoder(DoraProtocol.DEFAULT_MAX_FRAME_LENGTH, 0));
		channel.writeInbound(Unpooled.wrappedBuffer(documented));
		DoraFrame frame = channel.readInbound();
		try {
			assertThat(frame.type()).isEqualTo(MessageType.CALL);
			assertThat(frame.guid()).isEqualTo(EXAMPLE_GUID);
			assertThat(frame.timeoutMillis()).isEqualTo(3000);
			RequestEnvelope<JsonNode> request = this.codec.readRequest(ByteBufUtil.getBytes(frame.content()));
			assertThat(request.api().get("one").name()).isEqualTo("/a/b");
		}
		finally {
			frame.release();
			channel.finishAndReleaseAll();
		}
	}

	@Test
	void realServerAnswersTheDocumentedRequestWithTheDocumentedResponse() throws IOException {
		byte[] request = hexBlock("request");
		byte[] response = hexBlock("response");
		DoraTestContexts.runner()
			.withPropertyValues("dora.server.port=0")
			.withBean(ExampleHandler.class)
			.run((context) -> {
				try (RawDoraSocket socket = new RawDoraSocket(DoraTestContexts.port(context))) {
					socket.send(request);
					RawDoraSocket.Frame frame = socket.read();
					byte[] received = new byte[frame.header().length + frame.body().length];
					System.arraycopy(frame.header(), 0, received, 0, frame.header().length);
					System.arraycopy(frame.body(), 0, received, frame.header().length, frame.body().length);
					assertThat(dump(received)).isEqualTo(dump(response));
				}
			});
	}

	/**
	 * The signed example of §5 is what {@link FrameSigner} writes; its MAC is HMAC-SHA256 over exactly the bytes §5
	 * lists, computed here from that description alone; and a verifier with the example's key, audience and clock
	 * accepts it.
	 */
	@Test
	void documentedSignedRequestIsWhatTheSignerWritesAndItsMacIsComputedAsDescribed() throws Exception {
		byte[] documented = hexBlock("signed-request");
		ByteBuf signed = exampleSignedRequest();
		try {
			assertThat(dump(ByteBufUtil.getBytes(signed))).isEqualTo(dump(documented));
		}
		finally {
			signed.release();
		}
		// header (32 bytes) | entry id, length (3) | key id length, key id, audience length, audience, timestamp | MAC
		int valueStart = DoraProtocol.HEADER_LENGTH + 3;
		int signedValueLength = 1 + EXAMPLE_KEY_ID.length() + 1 + EXAMPLE_AUDIENCE.length() + 8;
		int macStart = valueStart + signedValueLength;
		int bodyStart = macStart + 32;
		Mac hmac = Mac.getInstance("HmacSHA256");
		hmac.init(new SecretKeySpec(EXAMPLE_SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
		hmac.update(documented, 0, DoraProtocol.HEADER_LENGTH);
		hmac.update(documented, valueStart, signedValueLength);
		hmac.update(documented, bodyStart, documented.length - bodyStart);
		byte[] mac = hmac.doFinal();
		assertThat(Arrays.copyOfRange(documented, macStart, bodyStart)).isEqualTo(mac);
		assertThat(protocolText()).contains("MAC `" + HexFormat.of().formatHex(mac) + "`");

		SignatureChecker checker = new SignatureChecker(
				Map.of(EXAMPLE_KEY_ID, EXAMPLE_SECRET.getBytes(StandardCharsets.UTF_8)), Duration.ofMinutes(1), 10,
				SignatureAudiences.of(List.of(EXAMPLE_AUDIENCE)), null, () -> EXAMPLE_TIMESTAMP);
		EmbeddedChannel channel = new EmbeddedChannel(new DoraFrameDecoder(DoraProtocol.DEFAULT_MAX_FRAME_LENGTH, 0));
		channel.writeInbound(Unpooled.wrappedBuffer(documented));
		DoraFrame frame = channel.readInbound();
		try {
			assertThat(new FrameVerifier(checker).verify(frame, ByteBufUtil.getBytes(frame.content()), null))
				.isEqualTo(mac);
		}
		finally {
			frame.release();
			channel.finishAndReleaseAll();
		}
	}

	/**
	 * The CBOR example of §6.3 is what the encoder writes for the request of §13 in codec 2; a real server answers
	 * the documented probe with PONG and the request with a CBOR reply of the same envelope as §13's.
	 */
	@Test
	void documentedCborRequestIsWhatTheEncoderWritesAndARealServerAnswersProbeAndRequestInCbor() throws IOException {
		byte[] documented = hexBlock("cbor-request");
		ByteBuf encoded = exampleCborRequest();
		try {
			assertThat(dump(ByteBufUtil.getBytes(encoded))).isEqualTo(dump(documented));
		}
		finally {
			encoded.release();
		}
		byte[] probe = hexBlock("codec-probe");
		DoraBodyCodec cbor = this.codec.bodyCodec(DoraProtocol.CODEC_CBOR);
		DoraTestContexts.runner()
			.withPropertyValues("dora.server.port=0")
			.withBean(ExampleHandler.class)
			.run((context) -> {
				try (RawDoraSocket socket = new RawDoraSocket(DoraTestContexts.port(context))) {
					socket.send(probe);
					RawDoraSocket.Frame pong = socket.read();
					assertThat(pong.type()).isEqualTo(MessageType.PONG.code());
					assertThat(pong.guid()).isEqualTo(EXAMPLE_GUID);
					socket.send(documented);
					RawDoraSocket.Frame reply = socket.read();
					assertThat(reply.header()[5]).isEqualTo((byte) DoraProtocol.CODEC_CBOR);
					ResponseEnvelope<JsonNode> envelope = cbor.readResponse(reply.body());
					assertThat(envelope.code()).isZero();
					assertThat(envelope.data().path("data").path("k").asInt()).isEqualTo(1);
				}
			});
	}

	static class ExampleHandler {

		@DoraApi("/a/b")
		Object echo(Object param) {
			return param;
		}

	}

	ByteBuf exampleRequest() {
		DoraFrameWriter writer = new DoraFrameWriter(this.codec, DoraProtocol.DEFAULT_MAX_FRAME_LENGTH, -1);
		return writer.write(ByteBufAllocator.DEFAULT, MessageType.CALL, 0, EXAMPLE_GUID, 3000,
				new RequestEnvelope<>(EXAMPLE_GUID.toString(), "W_S", Map.of("one", new ApiCall<>("/a/b", Map.of("k", 1))),
						null));
	}

	ByteBuf exampleCborRequest() {
		DoraFrameWriter writer = new DoraFrameWriter(this.codec, DoraProtocol.DEFAULT_MAX_FRAME_LENGTH, -1);
		return writer.write(ByteBufAllocator.DEFAULT, this.codec.bodyCodec(DoraProtocol.CODEC_CBOR), MessageType.CALL, 0,
				EXAMPLE_GUID, 3000, new RequestEnvelope<>(EXAMPLE_GUID.toString(), "W_S",
						Map.of("one", new ApiCall<>("/a/b", Map.of("k", 1))), null),
				null);
	}

	ByteBuf exampleSignedRequest() {
		FrameSigner signer = new FrameSigner(EXAMPLE_KEY_ID, EXAMPLE_SECRET.getBytes(StandardCharsets.UTF_8),
				() -> EXAMPLE_TIMESTAMP);
		DoraFrameWriter writer = new DoraFrameWriter(this.codec, DoraProtocol.DEFAULT_MAX_FRAME_LENGTH, -1, signer);
		return writer.write(ByteBufAllocator.DEFAULT, MessageType.CALL, 0, EXAMPLE_GUID, 3000,
				new RequestEnvelope<>(EXAMPLE_GUID.toString(), "W_S", Map.of("one", new ApiCall<>("/a/b", Map.of("k", 1))),
						null),
				EXAMPLE_AUDIENCE);
	}

	private static String protocolText() throws IOException {
		return Files.readString(RepositoryFiles.find("PROTOCOL.md"), StandardCharsets.UTF_8);
	}

	/** The bytes of the fenced block that follows {@code <!-- hex:name -->} in PROTOCOL.md. */
	static byte[] hexBlock(String name) throws IOException {
		String doc = protocolText();
		Matcher block = Pattern.compile("<!-- hex:" + name + " -->\\s*```text\\n(.*?)```", Pattern.DOTALL).matcher(doc);
		assertThat(block.find()).as("PROTOCOL.md has a hex:" + name + " block").isTrue();
		List<Byte> bytes = new ArrayList<>();
		for (String line : block.group(1).split("\n")) {
			int bar = line.indexOf('|');
			String hex = (bar >= 0) ? line.substring(0, bar) : line;
			String[] tokens = hex.trim().split("\\s+");
			for (int i = 1; i < tokens.length; i++) {
				bytes.add((byte) Integer.parseInt(tokens[i], 16));
			}
		}
		byte[] result = new byte[bytes.size()];
		for (int i = 0; i < result.length; i++) {
			result[i] = bytes.get(i);
		}
		return result;
	}

	/** The dump format used in PROTOCOL.md: offset, 16 hex bytes, then the printable characters between bars. */
	static String dump(byte[] bytes) {
		StringBuilder out = new StringBuilder();
		for (int offset = 0; offset < bytes.length; offset += 16) {
			out.append(String.format("%04x ", offset));
			StringBuilder text = new StringBuilder();
			for (int i = offset; i < offset + 16; i++) {
				if (i < bytes.length) {
					out.append(String.format(" %02x", bytes[i]));
					char c = (char) (bytes[i] & 0xFF);
					text.append((c >= 0x21 && c < 0x7F && c != '|') ? c : '.');
				}
				else {
					out.append("   ");
				}
			}
			out.append("  |").append(text).append("|\n");
		}
		return out.toString();
	}

	public static void main(String[] args) {
		ProtocolDocumentationTests tests = new ProtocolDocumentationTests();
		ByteBuf request = tests.exampleRequest();
		System.out.println(dump(ByteBufUtil.getBytes(request)));
		request.release();
		String guid = EXAMPLE_GUID.toString();
		DoraFrameWriter writer = new DoraFrameWriter(tests.codec, DoraProtocol.DEFAULT_MAX_FRAME_LENGTH, -1);
		ByteBuf response = writer.write(ByteBufAllocator.DEFAULT, MessageType.RESPONSE, 0, EXAMPLE_GUID, 0,
				ResponseEnvelope.ok(guid, ApiResult.ok(guid, Map.of("k", 1))));
		System.out.println(dump(ByteBufUtil.getBytes(response)));
		System.out.println(response.toString(DoraProtocol.HEADER_LENGTH, response.readableBytes() - 32, StandardCharsets.UTF_8));
		response.release();
		ByteBuf signed = tests.exampleSignedRequest();
		System.out.println(dump(ByteBufUtil.getBytes(signed)));
		signed.release();
		ByteBuf cbor = tests.exampleCborRequest();
		System.out.println(dump(ByteBufUtil.getBytes(cbor)));
		cbor.release();
	}

}
