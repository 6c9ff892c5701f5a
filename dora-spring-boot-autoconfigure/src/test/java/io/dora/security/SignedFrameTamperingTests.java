package io.dora.security;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.function.Consumer;

import io.dora.protocol.DoraCodes;
import io.dora.protocol.DoraJsonCodec;
import io.dora.protocol.DoraProtocol;
import io.dora.protocol.ResponseEnvelope;
import io.dora.test.DoraTestApplications;
import io.dora.test.RawDoraSocket;
import io.dora.test.RawFrames;
import io.dora.test.TestHandlers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Over TCP the signature covers every header field, the key id, the audience, the timestamp and the body: a frame
 * changed in any one of them after signing is answered 100005 and runs nothing, and so is a frame whose signature
 * entry is malformed. In every case the connection stays open and serves the next request.
 */
class SignedFrameTamperingTests {

	private static final String SECRET = "tamper-secret-0123456789abcdef";

	private static final String GROUP = "orders";

	private static ConfigurableApplicationContext provider;

	private final DoraJsonCodec codec = new DoraJsonCodec(JsonMapper.builder().build());

	@BeforeAll
	static void start() {
		provider = DoraTestApplications.run(DoraTestApplications.ProviderApplication.class,
				List.of("dora.registry.enabled=false", "dora.server.port=0", "dora.server.address=127.0.0.1",
						"dora.security.keys.k1=" + SECRET, "dora.security.audiences=" + GROUP));
	}

	@AfterAll
	static void stop() {
		provider.close();
	}

	/** A signed field of the frame, and how to change it alone. */
	enum Tampering {

		TYPE((frame) -> frame.put(3, (byte) 0x02)),
		FLAGS((frame) -> frame.put(4, (byte) (frame.get(4) | DoraProtocol.FLAG_DEDUPLICATE))),
		GUID((frame) -> flip(frame, 8)),
		TIMEOUT((frame) -> flip(frame, 26)),
		KEY_ID((frame) -> flip(frame, entryValue() + 1)),
		AUDIENCE((frame) -> flip(frame, entryValue() + 2 + "k1".length())),
		TIMESTAMP((frame) -> flip(frame, entryValue() + 2 + "k1".length() + GROUP.length() + 7)),
		MAC((frame) -> flip(frame, bodyStart() - 1)),
		BODY((frame) -> frame.put(frame.limit() - 5, (byte) 'X'));

		private final Consumer<ByteBuffer> change;

		Tampering(Consumer<ByteBuffer> change) {
			this.change = change;
		}

	}

	@ParameterizedTest
	@EnumSource(Tampering.class)
	void aFrameChangedInOneSignedFieldIsRefusedAndTheConnectionStaysUsable(Tampering tampering) throws IOException {
		String key = "tcp-tamper-" + tampering.name();
		byte[] frame = signedRequest(key, GROUP, System.currentTimeMillis());
		tampering.change.accept(ByteBuffer.wrap(frame));
		try (RawDoraSocket socket = new RawDoraSocket(DoraTestApplications.port(provider))) {
			socket.send(frame);
			ResponseEnvelope<JsonNode> refused = this.codec.readResponse(socket.read().body());
			assertThat(refused.code()).as(refused.msg()).isEqualTo(DoraCodes.SIGNATURE_INVALID);
			assertStillServes(socket);
		}
		assertThat(handlers().executionsOf(key)).isZero();
	}

	@Test
	void aFrameForAnotherAudienceIsRefused() throws IOException {
		byte[] frame = signedRequest("other-audience", "billing", System.currentTimeMillis());
		try (RawDoraSocket socket = new RawDoraSocket(DoraTestApplications.port(provider))) {
			socket.send(frame);
			ResponseEnvelope<JsonNode> refused = this.codec.readResponse(socket.read().body());
			assertThat(refused.code()).isEqualTo(DoraCodes.SIGNATURE_INVALID);
			assertThat(refused.msg()).contains("audience 'billing'").contains(GROUP);
		}
		assertThat(handlers().executionsOf("other-audience")).isZero();
	}

	@Test
	void malformedSignatureEntriesAreRefusedWith100005AndTheConnectionStaysUsable() throws IOException {
		byte[] good = signedRequest("malformed", GROUP, System.currentTimeMillis());
		List<byte[]> malformed = List.of(
				// A zero-length signature entry: the original fault, an exception that closed the connection.
				withExtension(good, new byte[] { 1, 0, 0 }),
				// Key id length 0, then nothing.
				withExtension(good, new byte[] { 1, 0, 1, 0 }),
				// Key id length beyond the entry.
				withExtension(good, new byte[] { 1, 0, 2, 9, 'k' }),
				// Audience length 0.
				withExtension(good, new byte[] { 1, 0, 4, 2, 'k', '1', 0 }),
				// Key id and audience, then no timestamp or MAC.
				withExtension(good, new byte[] { 1, 0, 5, 2, 'k', '1', 1, 'a' }),
				// An entry longer than the extension block.
				withExtension(good, new byte[] { 1, 0, 60, 2, 'k', '1' }),
				// Only another entry: the frame says it is signed but carries no signature.
				withExtension(good, new byte[] { 9, 0, 1, 0 }));
		try (RawDoraSocket socket = new RawDoraSocket(DoraTestApplications.port(provider))) {
			for (byte[] frame : malformed) {
				socket.send(frame);
				ResponseEnvelope<JsonNode> refused = this.codec.readResponse(socket.read().body());
				assertThat(refused.code()).as(refused.msg()).isEqualTo(DoraCodes.SIGNATURE_INVALID);
			}
			assertStillServes(socket);
		}
		assertThat(handlers().executionsOf("malformed")).isZero();
	}

	private void assertStillServes(RawDoraSocket socket) throws IOException {
		socket.send(signedRequest("after-refusal", GROUP, System.currentTimeMillis()));
		assertThat(this.codec.readResponse(socket.read().body()).code()).isZero();
	}

	/** The frame with its extension block replaced, header lengths adjusted. */
	private static byte[] withExtension(byte[] frame, byte[] extension) {
		ByteBuffer original = ByteBuffer.wrap(frame);
		int oldExtension = original.getShort(6) & 0xFFFF;
		int bodyLength = original.getInt(28);
		ByteBuffer result = ByteBuffer.allocate(DoraProtocol.HEADER_LENGTH + extension.length + bodyLength);
		result.put(frame, 0, DoraProtocol.HEADER_LENGTH);
		result.putShort(6, (short) extension.length);
		result.put(extension);
		result.put(frame, DoraProtocol.HEADER_LENGTH + oldExtension, bodyLength);
		return result.array();
	}

	private static TestHandlers handlers() {
		return provider.getBean(TestHandlers.class);
	}

	private static void flip(ByteBuffer frame, int offset) {
		frame.put(offset, (byte) (frame.get(offset) ^ 0x01));
	}

	/** Where the signature entry's value starts: behind the header, the entry id and its length. */
	private static int entryValue() {
		return DoraProtocol.HEADER_LENGTH + 3;
	}

	private static int bodyStart() {
		return entryValue() + 1 + "k1".length() + 1 + GROUP.length() + 8 + FrameSigner.MAC_LENGTH;
	}

	private static byte[] signedRequest(String key, String audience, long timestamp) {
		return RawFrames.signedCount("k1", SECRET, audience, timestamp, key);
	}

}
