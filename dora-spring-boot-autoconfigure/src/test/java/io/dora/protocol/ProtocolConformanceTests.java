package io.dora.protocol;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;

import io.dora.test.DoraTestContexts;
import io.dora.test.RawDoraSocket;
import io.dora.test.RawFrames;
import io.dora.test.RepositoryFiles;
import io.dora.test.TestHandlers;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Where PROTOCOL.md and the provider disagreed or PROTOCOL.md was silent (found by writing a client from the
 * document alone), each checked against a real provider over a real socket, in the order of the list.
 */
class ProtocolConformanceTests {

	private static final JsonMapper MAPPER = JsonMapper.builder().build();

	private static final byte[] NO_EXTENSION = new byte[0];

	private static ApplicationContextRunner provider(String... properties) {
		return DoraTestContexts.provider().withPropertyValues(properties);
	}

	@Test
	void aFrameWhoseGuidCannotBeReadIsAnsweredWithTheZeroGuidInTheHeaderAndTheBody() {
		provider().run((context) -> {
			try (RawDoraSocket socket = new RawDoraSocket(DoraTestContexts.port(context))) {
				socket.send("GARBAGE, not a Dora frame at all".getBytes(StandardCharsets.US_ASCII));
				RawDoraSocket.Frame reply = socket.read();
				assertThat(reply.guid()).isEqualTo(Guid.ZERO);
				assertThat(body(reply).path("guid").asString()).isEqualTo(Guid.ZERO.toString());
				assertThat(body(reply).path("code").asInt()).isEqualTo(DoraCodes.MALFORMED);
			}
		});
	}

	@Test
	void aSingleCallTypeWithTwoEntriesOrAnotherKeyIsRefusedAndNothingRuns() {
		provider().run((context) -> {
			TestHandlers handlers = context.getBean(TestHandlers.class);
			try (RawDoraSocket socket = new RawDoraSocket(DoraTestContexts.port(context))) {
				for (String[] request : new String[][] {
						{ "CALL", "{\"type\":\"W_S\",\"api\":{\"one\":{\"name\":\"/count\",\"param\":\"ws\"},"
								+ "\"two\":{\"name\":\"/count\",\"param\":\"ws\"}}}" },
						{ "SEND", "{\"type\":\"AN_S\",\"api\":{\"one\":{\"name\":\"/count\",\"param\":\"ans\"},"
								+ "\"two\":{\"name\":\"/count\",\"param\":\"ans\"}}}" },
						{ "CALL", "{\"type\":\"W_S\",\"api\":{\"x\":{\"name\":\"/count\",\"param\":\"key\"}}}" } }) {
					socket.send(json(MessageType.valueOf(request[0]), Guid.random(), request[1]));
					JsonNode reply = body(socket.read());
					assertThat(reply.path("code").asInt()).as(request[1]).isEqualTo(DoraCodes.MALFORMED);
					assertThat(reply.path("msg").asString()).contains("exactly one api entry");
				}
			}
			assertThat(handlers.executionsOf("ws") + handlers.executionsOf("ans") + handlers.executionsOf("key"))
				.isZero();
		});
	}

	@Test
	void aTruncatedCompressedBodyIs100007AndTheConnectionStaysOpen() {
		provider().run((context) -> {
			try (RawDoraSocket socket = new RawDoraSocket(DoraTestContexts.port(context))) {
				byte[] gzip = gzip("{\"api\":{\"one\":{\"name\":\"/echo\",\"param\":\"x\"}}}".getBytes());
				socket.send(RawFrames.frame(MessageType.CALL, DoraProtocol.FLAG_COMPRESSED, DoraProtocol.CODEC_JSON,
						Guid.random(), NO_EXTENSION, Arrays.copyOf(gzip, gzip.length - 6)));
				assertThat(body(socket.read()).path("code").asInt()).isEqualTo(DoraCodes.FRAME_TRUNCATED);
				assertStillServed(socket);
			}
		});
	}

	@Test
	void aBodyThatInflatesBeyondTheLimitIs100016AndTheConnectionStaysOpen() {
		provider("dora.server.max-frame-length=64KB").run((context) -> {
			try (RawDoraSocket socket = new RawDoraSocket(DoraTestContexts.port(context))) {
				String big = "{\"api\":{\"one\":{\"name\":\"/echo\",\"param\":\"" + "a".repeat(200_000) + "\"}}}";
				socket.send(RawFrames.frame(MessageType.CALL, DoraProtocol.FLAG_COMPRESSED, DoraProtocol.CODEC_JSON,
						Guid.random(), NO_EXTENSION, gzip(big.getBytes())));
				assertThat(body(socket.read()).path("code").asInt()).isEqualTo(DoraCodes.FRAME_TOO_LARGE);
				assertStillServed(socket);
			}
		});
	}

	@Test
	void aMissingOrWrongSignatureIs100005AndTheConnectionStaysOpen() {
		provider("dora.security.keys.k1=conformance-test-secret-0123456789").run((context) -> {
			try (RawDoraSocket socket = new RawDoraSocket(DoraTestContexts.port(context))) {
				for (int i = 0; i < 2; i++) {
					socket.send(json(MessageType.CALL, Guid.random(), "{\"api\":{\"one\":{\"name\":\"/echo\"}}}"));
					assertThat(body(socket.read()).path("code").asInt()).isEqualTo(DoraCodes.SIGNATURE_INVALID);
				}
			}
		});
	}

	@Test
	void responseFramesAndStrayPongsFromAClientAreAnswered100002() {
		provider().run((context) -> {
			try (RawDoraSocket socket = new RawDoraSocket(DoraTestContexts.port(context))) {
				for (MessageType type : new MessageType[] { MessageType.RESPONSE, MessageType.ASYNC_RESULT,
						MessageType.PONG }) {
					Guid guid = Guid.random();
					socket.send(RawFrames.frame(type, 0, DoraProtocol.CODEC_NONE, guid, NO_EXTENSION, NO_EXTENSION));
					RawDoraSocket.Frame reply = socket.read();
					assertThat(reply.guid()).isEqualTo(guid);
					assertThat(body(reply).path("code").asInt()).as(type.name()).isEqualTo(DoraCodes.UNKNOWN_TYPE);
				}
				assertStillServed(socket);
			}
		});
	}

	@Test
	void anExtensionEntryRunningPastTheBlockIs100019() {
		provider().run((context) -> {
			try (RawDoraSocket socket = new RawDoraSocket(DoraTestContexts.port(context))) {
				byte[] overrunning = { 9, 0, 50, 1, 2, 3 };
				socket.send(RawFrames.frame(MessageType.CALL, 0, DoraProtocol.CODEC_JSON, Guid.random(), overrunning,
						"{\"api\":{\"one\":{\"name\":\"/echo\"}}}".getBytes()));
				assertThat(body(socket.read()).path("code").asInt()).isEqualTo(DoraCodes.MALFORMED);
				byte[] unknownButWellFormed = { 9, 0, 2, 1, 2 };
				socket.send(RawFrames.frame(MessageType.CALL, 0, DoraProtocol.CODEC_JSON, Guid.random(),
						unknownButWellFormed, "{\"api\":{\"one\":{\"name\":\"/echo\",\"param\":7}}}".getBytes()));
				assertThat(body(socket.read()).path("data").path("data").asInt()).as("unknown ids are skipped")
					.isEqualTo(7);
			}
		});
	}

	@Test
	void aPingWithTheZeroGuidOrABodyIsAnsweredByAnEmptyPongWithTheSameGuid() {
		provider().run((context) -> {
			try (RawDoraSocket socket = new RawDoraSocket(DoraTestContexts.port(context))) {
				socket.send(RawFrames.frame(MessageType.PING, 0, DoraProtocol.CODEC_NONE, Guid.ZERO, NO_EXTENSION,
						NO_EXTENSION));
				RawDoraSocket.Frame zero = socket.read();
				assertThat(zero.type()).isEqualTo(MessageType.PONG.code());
				assertThat(zero.guid()).isEqualTo(Guid.ZERO);
				Guid guid = Guid.random();
				socket.send(RawFrames.frame(MessageType.PING, 0, DoraProtocol.CODEC_JSON, guid, NO_EXTENSION,
						"{\"ignored\":true}".getBytes()));
				RawDoraSocket.Frame withBody = socket.read();
				assertThat(withBody.type()).isEqualTo(MessageType.PONG.code());
				assertThat(withBody.guid()).isEqualTo(guid);
				assertThat(withBody.body()).isEmpty();
			}
		});
	}

	@Test
	void repliesCarryTimeoutZeroAndEveryApiResultCarriesTheRequestGuid() {
		provider().run((context) -> {
			try (RawDoraSocket socket = new RawDoraSocket(DoraTestContexts.port(context))) {
				Guid guid = Guid.random();
				socket.send(json(MessageType.CALL, guid, "{\"type\":\"W_M\",\"api\":{\"a\":{\"name\":\"/echo\","
						+ "\"param\":1},\"b\":{\"name\":\"/no/such\"}}}"));
				RawDoraSocket.Frame reply = socket.read();
				assertThat(java.nio.ByteBuffer.wrap(reply.header()).getInt(24)).isZero();
				assertThat(body(reply).path("data").path("a").path("guid").asString()).isEqualTo(guid.toString());
				assertThat(body(reply).path("data").path("b").path("guid").asString()).isEqualTo(guid.toString());
			}
		});
	}

	@Test
	void anEmptyBodyIs100019AndAnEntryWithoutNameIs100004AtTheApiLevel() {
		provider().run((context) -> {
			try (RawDoraSocket socket = new RawDoraSocket(DoraTestContexts.port(context))) {
				socket.send(RawFrames.frame(MessageType.CALL, 0, DoraProtocol.CODEC_JSON, Guid.random(), NO_EXTENSION,
						NO_EXTENSION));
				assertThat(body(socket.read()).path("code").asInt()).isEqualTo(DoraCodes.MALFORMED);
				socket.send(json(MessageType.CALL, Guid.random(), "{\"api\":{\"one\":{\"param\":1}}}"));
				JsonNode reply = body(socket.read());
				assertThat(reply.path("code").asInt()).isZero();
				assertThat(reply.path("data").path("code").asInt()).isEqualTo(DoraCodes.BAD_PARAMETER);
			}
		});
	}

	@Test
	void theCompressedFlagOnABodyThatIsNotGzipIs100019() {
		provider().run((context) -> {
			try (RawDoraSocket socket = new RawDoraSocket(DoraTestContexts.port(context))) {
				socket.send(RawFrames.frame(MessageType.CALL, DoraProtocol.FLAG_COMPRESSED, DoraProtocol.CODEC_JSON,
						Guid.random(), NO_EXTENSION, "{\"api\":{\"one\":{\"name\":\"/echo\"}}}".getBytes()));
				assertThat(body(socket.read()).path("code").asInt()).isEqualTo(DoraCodes.MALFORMED);
				assertStillServed(socket);
			}
		});
	}

	@Test
	void aFrameLargerThanTheWholeBufferBudgetIs100014AndSkipped() {
		provider("dora.server.max-buffered-bytes=1KB").run((context) -> {
			try (RawDoraSocket socket = new RawDoraSocket(DoraTestContexts.port(context))) {
				byte[] large = json(MessageType.CALL, Guid.random(),
						"{\"api\":{\"one\":{\"name\":\"/echo\",\"param\":\"" + "b".repeat(4000) + "\"}}}");
				socket.send(Arrays.copyOf(large, 100));
				assertThat(body(socket.read()).path("code").asInt()).isEqualTo(DoraCodes.SERVER_BUSY);
				socket.send(Arrays.copyOfRange(large, 100, large.length));
				assertStillServed(socket);
			}
		});
	}

	@Test
	void theReadmeAndProtocolMdGiveTheSameMultiCallDeadlineMargin() throws Exception {
		String formula = "min(*t*/4, max(*t*/10, 200 ms))";
		assertThat(Files.readString(RepositoryFiles.find("PROTOCOL.md")))
			.contains(formula);
		assertThat(Files.readString(RepositoryFiles.find("README.md")))
			.contains(formula);
	}

	private static void assertStillServed(RawDoraSocket socket) throws Exception {
		socket.send(json(MessageType.CALL, Guid.random(), "{\"api\":{\"one\":{\"name\":\"/echo\",\"param\":\"ok\"}}}"));
		assertThat(body(socket.read()).path("data").path("data").asString()).isEqualTo("ok");
	}

	private static byte[] json(MessageType type, Guid guid, String json) {
		return RawFrames.frame(type, 0, DoraProtocol.CODEC_JSON, guid, NO_EXTENSION,
				json.getBytes(StandardCharsets.UTF_8));
	}

	private static JsonNode body(RawDoraSocket.Frame frame) {
		return MAPPER.readTree(frame.body());
	}

	private static byte[] gzip(byte[] bytes) throws java.io.IOException {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
			gzip.write(bytes);
		}
		return out.toByteArray();
	}

}
