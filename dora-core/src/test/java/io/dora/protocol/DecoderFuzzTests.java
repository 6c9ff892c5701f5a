package io.dora.protocol;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.ReferenceCountUtil;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Property-based tests of the frame decoder and the envelope decoder with arbitrary and mutated input: nothing
 * escapes unhandled, nothing is buffered beyond the frame limit, and every outcome is a frame, a documented code,
 * or (for the stream) a fatal error that closes the connection.
 */
class DecoderFuzzTests {

	private static final int MAX = 1024;

	private static final Set<Integer> FRAME_CODES = Set.of(DoraCodes.MALFORMED, DoraCodes.FRAME_TOO_LARGE,
			DoraCodes.UNSUPPORTED_VERSION, DoraCodes.UNKNOWN_TYPE, DoraCodes.UNSUPPORTED_CODEC,
			DoraCodes.FRAME_TRUNCATED);

	private final DoraJsonCodec codec = new DoraJsonCodec(JsonMapper.builder().build());

	@Property(tries = 300)
	void arbitraryBytesInArbitraryChunksNeverEscapeTheDecoder(@ForAll @Size(max = 4096) byte[] bytes,
			@ForAll @IntRange(min = 1, max = 300) int chunk) {
		feed(bytes, chunk);
	}

	@Property(tries = 300)
	void headersWithValidMagicAndRandomFieldsAreJudgedByTheirHeader(@ForAll("headers") byte[] bytes,
			@ForAll @IntRange(min = 1, max = 64) int chunk) {
		feed(bytes, chunk);
	}

	@Property(tries = 300)
	void mutatedValidFramesAreDecodedOrRejectedWithADocumentedCode(@ForAll("mutatedFrames") byte[] bytes,
			@ForAll @IntRange(min = 1, max = 200) int chunk) {
		feed(bytes, chunk);
	}

	@Property(tries = 500)
	void arbitraryBodiesAreReadOrRejectedAsMalformed(@ForAll("bodies") String body) {
		try {
			RequestEnvelope<?> request = this.codec.readRequest(body.getBytes(java.nio.charset.StandardCharsets.UTF_8));
			assertThat(request).isNotNull();
		}
		catch (DoraProtocolException ex) {
			// Malformed, or (PROTOCOL.md §10) a number that overflows a double.
			assertThat(ex.code()).isIn(DoraCodes.MALFORMED, DoraCodes.BAD_PARAMETER);
		}
	}

	@Property(tries = 200)
	void arbitraryCompressedBodiesInflateOrFailWithACode(@ForAll @Size(max = 2048) byte[] compressed) {
		try {
			assertThat(BodyCompression.inflate(compressed, MAX)).hasSizeLessThanOrEqualTo(MAX);
		}
		catch (DoraProtocolException ex) {
			assertThat(ex.code()).isIn(DoraCodes.MALFORMED, DoraCodes.FRAME_TRUNCATED, DoraCodes.FRAME_TOO_LARGE);
		}
	}

	private void feed(byte[] bytes, int chunk) {
		ObservingDecoder decoder = new ObservingDecoder();
		EmbeddedChannel channel = new EmbeddedChannel(decoder);
		List<Object> received = new ArrayList<>();
		try {
			for (int at = 0; at < bytes.length; at += chunk) {
				channel.writeInbound(Unpooled.wrappedBuffer(bytes, at, Math.min(chunk, bytes.length - at)));
				channel.checkException();
				assertThat(decoder.buffered()).as("bytes held by the decoder").isLessThanOrEqualTo(
						DoraProtocol.HEADER_LENGTH + DoraProtocol.MAX_EXTENSION_LENGTH + MAX + chunk);
				Object message;
				while ((message = channel.readInbound()) != null) {
					received.add(message);
				}
			}
			for (Object message : received) {
				if (message instanceof DoraFrame frame) {
					assertThat(frame.content().readableBytes() + frame.extension().length).isLessThanOrEqualTo(MAX);
				}
				else if (message instanceof DoraFrameError error) {
					assertThat(error.code()).isIn(FRAME_CODES);
				}
				else {
					fail("unexpected message " + message);
				}
			}
		}
		finally {
			received.forEach(ReferenceCountUtil::release);
			channel.finishAndReleaseAll();
		}
	}

	@Provide
	Arbitrary<byte[]> headers() {
		Arbitrary<Integer> version = Arbitraries.of(0, 1, 1, 1, 2, 255);
		Arbitrary<Integer> type = Arbitraries.of(0, 1, 2, 3, 4, 0x10, 0x11, 0x20, 0x21, 0x7F, 0xFF);
		Arbitrary<Integer> flags = Arbitraries.of(0, 1, 2, 4, 7, 8, 0x80);
		Arbitrary<Integer> codec = Arbitraries.of(0, 1, 1, 2, 255);
		Arbitrary<Integer> extension = Arbitraries.of(0, 0, 5, 4096, 4097, 65535);
		Arbitrary<Long> length = Arbitraries.of(0L, 1L, 100L, 1024L, 1025L, 0xFFFFFFFFL);
		Arbitrary<byte[]> tail = Arbitraries.bytes().array(byte[].class).ofMaxSize(1500);
		return Combinators.combine(version, type, flags, codec, extension, length, tail)
			.as((v, t, f, c, e, l, rest) -> {
				ByteBuf header = Unpooled.buffer();
				header.writeShort(DoraProtocol.MAGIC).writeByte(v).writeByte(t).writeByte(f).writeByte(c).writeShort(e);
				Guid.random().write(header);
				header.writeInt(0).writeInt((int) (long) l).writeBytes(rest);
				return ByteBufUtil.getBytes(header);
			});
	}

	@Provide
	Arbitrary<byte[]> mutatedFrames() {
		Arbitrary<Integer> position = Arbitraries.integers().between(0, 160);
		Arbitrary<Integer> value = Arbitraries.integers().between(0, 255);
		Arbitrary<Integer> mutations = Arbitraries.integers().between(1, 4);
		return Combinators.combine(position.list().ofSize(4), value.list().ofSize(4), mutations)
			.as((positions, values, count) -> {
				DoraFrameWriter writer = new DoraFrameWriter(this.codec, MAX, -1);
				Guid guid = Guid.random();
				ByteBuf frame = writer.write(ByteBufAllocator.DEFAULT, MessageType.CALL, 0, guid, 100,
						new RequestEnvelope<>(guid.toString(), "W_M",
								Map.of("a", new ApiCall<>("/x", Map.of("k", List.of(1, 2))), "b", new ApiCall<>("/y", "z")),
								null));
				byte[] bytes = ByteBufUtil.getBytes(frame);
				frame.release();
				byte[] twice = new byte[bytes.length * 2];
				System.arraycopy(bytes, 0, twice, 0, bytes.length);
				System.arraycopy(bytes, 0, twice, bytes.length, bytes.length);
				for (int i = 0; i < count; i++) {
					twice[positions.get(i) % twice.length] = (byte) (int) values.get(i);
				}
				return twice;
			});
	}

	@Provide
	Arbitrary<String> bodies() {
		Arbitrary<String> random = Arbitraries.strings().ofMaxLength(300);
		Arbitrary<String> structured = Arbitraries.of("{}", "[]", "null", "{\"api\":null}", "{\"api\":[]}",
				"{\"api\":{\"one\":null}}", "{\"api\":{\"one\":{\"name\":5}}}", "{\"guid\":{},\"api\":{}}",
				"{\"api\":{\"one\":{\"name\":\"/x\",\"param\":" + "[".repeat(5000) + "]}}}", "\"string\"", "12",
				"{\"api\":{\"one\":{\"name\":\"/x\",\"param\":{\"a\":1e999999}}}}", "{\"type\":7}");
		return Arbitraries.oneOf(random, structured);
	}

	/** Exposes how many bytes the decoder holds between reads. */
	static final class ObservingDecoder extends DoraFrameDecoder {

		private ChannelHandlerContext context;

		ObservingDecoder() {
			super(MAX, 0);
		}

		@Override
		public void handlerAdded(ChannelHandlerContext ctx) throws Exception {
			this.context = ctx;
			super.handlerAdded(ctx);
		}

		int buffered() {
			return (this.context != null) ? actualReadableBytes() : 0;
		}

	}

}
