package io.dora.protocol;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The frame writer's buffers: a frame of a key (the API of a single call) starts at the size of the last frame of that
 * key, so a large body is not regrown, and bodies of any size, in JSON and in CBOR, come out whole whatever the
 * previous frame of their key was.
 */
class DoraFrameWriterTests {

	private static final int MAX = 4 * 1024 * 1024;

	/** Unpooled, so that a buffer's capacity is exactly what was asked for or grown to. */
	private static final UnpooledByteBufAllocator ALLOC = new UnpooledByteBufAllocator(false);

	private final DoraJsonCodec codec = new DoraJsonCodec(JsonMapper.builder().build());

	private final DoraFrameWriter writer = new DoraFrameWriter(this.codec, MAX, -1);

	@Test
	void secondLargeReplyOfAnApiStartsAtTheSizeOfTheFirstInsteadOfGrowing() {
		ByteBuf first = reply("/echo", text(64 * 1024));
		ByteBuf second = reply("/echo", text(64 * 1024));
		try {
			// Grown from 512 bytes, the first ends in a buffer of the next power of two; the second fits from the start.
			assertThat(first.capacity()).isEqualTo(128 * 1024);
			assertThat(second.capacity()).isGreaterThanOrEqualTo(second.readableBytes()).isLessThan(first.capacity());
		}
		finally {
			first.release();
			second.release();
		}
	}

	@Test
	void smallReplyAfterALargeOneOfTheSameApiDoesNotKeepTheLargeBuffer() {
		reply("/echo", text(256 * 1024)).release();
		ByteBuf small = reply("/echo", "tiny");
		try {
			assertThat(small.capacity()).isLessThanOrEqualTo(small.readableBytes() + 8192);
		}
		finally {
			small.release();
		}
	}

	@Test
	void anotherApiOrAMultiCallGetsNoHintFromAnApisLargeFrames() {
		reply("/echo", text(64 * 1024)).release();
		ByteBuf other = reply("/user/get", "small");
		ByteBuf unkeyed = reply(null, "small");
		try {
			assertThat(other.capacity()).isEqualTo(512);
			assertThat(unkeyed.capacity()).isEqualTo(512);
		}
		finally {
			other.release();
			unkeyed.release();
		}
	}

	@Test
	void bodiesOfChangingSizesUnderOneKeyDecodeUnchangedInJsonAndCbor() {
		List<String> texts = List.of(text(64 * 1024), "a", text(200 * 1024), "é€😀".repeat(20_000), text(1000),
				text(64 * 1024 + 1), "");
		for (DoraBodyCodec bodyCodec : List.of(this.codec.json(), this.codec.bodyCodec(DoraProtocol.CODEC_CBOR))) {
			List<ByteBuf> frames = new ArrayList<>();
			for (String text : texts) {
				frames.add(this.writer.write(ALLOC, bodyCodec, MessageType.CALL, 0, Guid.random(), 3000,
						new RequestEnvelope<>("g", "W_S", Map.of("one", new ApiCall<>("/echo", text)), null), null,
						"/echo"));
			}
			EmbeddedChannel channel = new EmbeddedChannel(new DoraFrameDecoder(MAX, 0, FrameBufferBudget.UNLIMITED,
					this.codec::supports));
			// One stream of all the frames, as a connection carries them.
			for (ByteBuf frame : frames) {
				channel.writeInbound(frame);
			}
			for (String text : texts) {
				DoraFrame frame = channel.readInbound();
				try {
					assertThat(frame.codec()).isEqualTo(bodyCodec.id());
					RequestEnvelope<?> request = bodyCodec.readRequest(ByteBufUtil.getBytes(frame.content()));
					assertThat(request.api().get("one").param()).isEqualTo(tree(text));
				}
				finally {
					frame.release();
				}
			}
			assertThat((Object) channel.readInbound()).isNull();
			channel.finishAndReleaseAll();
		}
	}

	private ByteBuf reply(String api, String data) {
		ResponseEnvelope<ApiResult<String>> envelope = new ResponseEnvelope<>("g", 0, "OK",
				new ApiResult<>("g", 0, "OK", data), null);
		return this.writer.write(ALLOC, this.codec.json(), MessageType.RESPONSE, 0, Guid.random(), 0, envelope, null,
				api);
	}

	private Object tree(String text) {
		return this.codec.mapper().valueToTree(Map.of("t", text)).get("t");
	}

	private static String text(int length) {
		StringBuilder text = new StringBuilder(length);
		for (int i = 0; i < length; i++) {
			text.append((char) ('a' + i % 26));
		}
		return text.toString();
	}

}
