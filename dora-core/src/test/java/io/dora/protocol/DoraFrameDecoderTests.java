package io.dora.protocol;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The frame decoder and writer driven through {@link EmbeddedChannel}: whole, split, coalesced and hostile input.
 * Tests run with Netty's paranoid leak detection; every buffer the decoder hands out is released here.
 */
class DoraFrameDecoderTests {

	private static final int MAX = 1024;

	private final DoraJsonCodec codec = new DoraJsonCodec(JsonMapper.builder().build());

	private final DoraFrameWriter writer = new DoraFrameWriter(this.codec, MAX, -1);

	private final EmbeddedChannel channel = new EmbeddedChannel(new DoraFrameDecoder(MAX, 1000));

	private final List<Object> received = new ArrayList<>();

	@AfterEach
	void release() {
		drain();
		this.received.forEach(io.netty.util.ReferenceCountUtil::release);
		this.channel.finishAndReleaseAll();
	}

	@Test
	void decodesFrameWrittenByWriter() {
		Guid guid = Guid.random();
		this.channel.writeInbound(request(guid, "/module_a/abc"));
		DoraFrame frame = onlyFrame();
		assertThat(frame.type()).isEqualTo(MessageType.CALL);
		assertThat(frame.guid()).isEqualTo(guid);
		assertThat(frame.timeoutMillis()).isEqualTo(3000);
		assertThat(frame.codec()).isEqualTo(DoraProtocol.CODEC_JSON);
		RequestEnvelope<JsonNode> request = this.codec.readRequest(bodyOf(frame));
		assertThat(request.guid()).isEqualTo(guid.toString());
		assertThat(request.api().get("one").name()).isEqualTo("/module_a/abc");
		assertThat(request.api().get("one").param().get("mark").asInt()).isEqualTo(234);
	}

	@Test
	void decodesFrameDeliveredOneByteAtATime() {
		Guid guid = Guid.random();
		ByteBuf frame = request(guid, "/module_a/abc");
		while (frame.isReadable()) {
			this.channel.writeInbound(frame.readRetainedSlice(1));
		}
		frame.release();
		assertThat(onlyFrame().guid()).isEqualTo(guid);
	}

	@Test
	void decodesManyFramesArrivingInOneBuffer() {
		List<Guid> guids = List.of(Guid.random(), Guid.random(), Guid.random());
		ByteBuf all = Unpooled.buffer();
		for (Guid guid : guids) {
			ByteBuf frame = request(guid, "/x");
			all.writeBytes(frame);
			frame.release();
		}
		this.channel.writeInbound(all);
		drain();
		assertThat(this.received).hasSize(3);
		assertThat(this.received).extracting((frame) -> ((DoraFrame) frame).guid()).containsExactlyElementsOf(guids);
	}

	@Test
	void decodesFrameSplitAcrossTwoBuffersTogetherWithNextFrame() {
		Guid first = Guid.random();
		Guid second = Guid.random();
		ByteBuf a = request(first, "/a");
		ByteBuf b = request(second, "/b");
		ByteBuf joined = Unpooled.buffer().writeBytes(a).writeBytes(b);
		a.release();
		b.release();
		this.channel.writeInbound(joined.readRetainedSlice(20));
		assertThat((Object) this.channel.readInbound()).isNull();
		this.channel.writeInbound(joined.readRetainedSlice(joined.readableBytes()));
		joined.release();
		drain();
		assertThat(this.received).extracting((frame) -> ((DoraFrame) frame).guid()).containsExactly(first, second);
	}

	@Test
	void rejectsBadMagicAndDiscardsTheRestOfTheStream() {
		ByteBuf garbage = Unpooled.copiedBuffer("GET / HTTP/1.1\r\nHost: x\r\n\r\n0123456789", StandardCharsets.US_ASCII);
		this.channel.writeInbound(garbage);
		DoraFrameError error = onlyError();
		assertThat(error.code()).isEqualTo(DoraCodes.MALFORMED);
		assertThat(error.fatal()).isTrue();
		assertThat(error.guid()).isNull();
		this.channel.writeInbound(request(Guid.random(), "/after"));
		drain();
		assertThat(this.received).hasSize(1);
	}

	@Test
	void rejectsDeclaredTwoGigabyteFrameFromHeaderAlone() {
		Guid guid = Guid.random();
		ByteBuf header = Unpooled.buffer(DoraProtocol.HEADER_LENGTH);
		DoraFrame.writeHeader(header, MessageType.CALL, 0, DoraProtocol.CODEC_JSON, guid, 0, 0, Integer.MAX_VALUE);
		this.channel.writeInbound(header);
		DoraFrameError error = onlyError();
		assertThat(error.code()).isEqualTo(DoraCodes.FRAME_TOO_LARGE);
		assertThat(error.guid()).isEqualTo(guid);
		assertThat(error.fatal()).isTrue();
	}

	@Test
	void rejectsFrameJustOverTheLimitAndAcceptsOneAtTheLimit() {
		ByteBuf atLimit = rawFrame(MessageType.CALL, 0, DoraProtocol.CODEC_JSON, 1, new byte[MAX]);
		this.channel.writeInbound(atLimit);
		drain();
		assertThat(this.received).singleElement().isInstanceOf(DoraFrame.class);
		this.channel.writeInbound(rawFrame(MessageType.CALL, 0, DoraProtocol.CODEC_JSON, 1, new byte[MAX + 1]));
		drain();
		assertThat(this.received).hasSize(2);
		assertThat(((DoraFrameError) this.received.get(1)).code()).isEqualTo(DoraCodes.FRAME_TOO_LARGE);
	}

	@Test
	void skipsFrameOfUnsupportedVersionAndGoesOn() {
		Guid next = Guid.random();
		ByteBuf newer = rawFrame(MessageType.CALL, 0, DoraProtocol.CODEC_JSON, 2, new byte[100]);
		ByteBuf both = Unpooled.buffer().writeBytes(newer);
		newer.release();
		ByteBuf following = request(next, "/next");
		both.writeBytes(following);
		following.release();
		this.channel.writeInbound(both);
		drain();
		assertThat(this.received).hasSize(2);
		DoraFrameError error = (DoraFrameError) this.received.get(0);
		assertThat(error.code()).isEqualTo(DoraCodes.UNSUPPORTED_VERSION);
		assertThat(error.fatal()).isFalse();
		assertThat(((DoraFrame) this.received.get(1)).guid()).isEqualTo(next);
	}

	@Test
	void skipsUnsupportedVersionWhoseBodyArrivesLater() {
		ByteBuf newer = rawFrame(MessageType.CALL, 0, DoraProtocol.CODEC_JSON, 9, new byte[500]);
		this.channel.writeInbound(newer.readRetainedSlice(40));
		this.channel.writeInbound(newer.readRetainedSlice(newer.readableBytes()));
		newer.release();
		this.channel.writeInbound(request(Guid.random(), "/next"));
		drain();
		assertThat(this.received).hasSize(2);
		assertThat(this.received.get(1)).isInstanceOf(DoraFrame.class);
	}

	@Test
	void timesOutSkippedFrameWhoseRestNeverArrives() {
		this.channel.freezeTime();
		ByteBuf newer = rawFrame(MessageType.CALL, 0, DoraProtocol.CODEC_JSON, 2, new byte[500]);
		Guid guid = Guid.read(newer, DoraProtocol.OFFSET_GUID);
		this.channel.writeInbound(newer.readRetainedSlice(DoraProtocol.HEADER_LENGTH + 10));
		newer.release();
		drain();
		assertThat(this.received).extracting((error) -> ((DoraFrameError) error).code())
			.containsExactly(DoraCodes.UNSUPPORTED_VERSION);
		this.received.clear();
		assertTruncatedAfterTheOneSecondReadTimeout(guid);
	}

	@Test
	void skipsFrameThatDoesNotFitTheSharedBudgetAndGoesOn() {
		FrameBufferBudget budget = new FrameBufferBudget(600);
		EmbeddedChannel first = new EmbeddedChannel(new DoraFrameDecoder(MAX, 1000, budget));
		EmbeddedChannel second = new EmbeddedChannel(new DoraFrameDecoder(MAX, 1000, budget));
		ByteBuf held = rawFrame(MessageType.CALL, 0, DoraProtocol.CODEC_JSON, 1, new byte[500]);
		first.writeInbound(held.readRetainedSlice(100));
		assertThat(budget.reserved()).isEqualTo(DoraProtocol.HEADER_LENGTH + 500);
		ByteBuf refused = rawFrame(MessageType.CALL, 0, DoraProtocol.CODEC_JSON, 1, new byte[500]);
		Guid refusedGuid = Guid.read(refused, DoraProtocol.OFFSET_GUID);
		second.writeInbound(refused.readRetainedSlice(100));
		DoraFrameError error = second.readInbound();
		assertThat(error.code()).isEqualTo(DoraCodes.SERVER_BUSY);
		assertThat(error.guid()).isEqualTo(refusedGuid);
		assertThat(error.fatal()).isFalse();
		second.writeInbound(refused);
		Guid next = Guid.random();
		second.writeInbound(request(next, "/next"));
		DoraFrame after = second.readInbound();
		assertThat(after.guid()).isEqualTo(next);
		after.release();
		first.writeInbound(held);
		DoraFrame completed = first.readInbound();
		completed.release();
		assertThat(budget.reserved()).isZero();
		ByteBuf partly = request(Guid.random(), "/partly");
		first.writeInbound(partly.readRetainedSlice(40));
		partly.release();
		assertThat(budget.reserved()).isPositive();
		first.close();
		assertThat(budget.reserved()).isZero();
		assertThat(first.finishAndReleaseAll()).isFalse();
		assertThat(second.finishAndReleaseAll()).isFalse();
	}

	@Test
	void rejectsUnknownTypeReservedFlagsAndUnknownCodecWithoutClosing() {
		this.channel.writeInbound(rawFrame(null, 0, DoraProtocol.CODEC_JSON, 1, new byte[3]));
		this.channel.writeInbound(rawFrame(MessageType.CALL, 0x80, DoraProtocol.CODEC_JSON, 1, new byte[3]));
		this.channel.writeInbound(rawFrame(MessageType.CALL, 0, 7, 1, new byte[3]));
		drain();
		assertThat(this.received).extracting((error) -> ((DoraFrameError) error).code())
			.containsExactly(DoraCodes.UNKNOWN_TYPE, DoraCodes.MALFORMED, DoraCodes.UNSUPPORTED_CODEC);
		assertThat(this.received).allMatch((error) -> !((DoraFrameError) error).fatal());
	}

	@Test
	void reportsFrameNotCompletedWithinReadTimeout() {
		// Only the test moves the clock, so a slow machine cannot make the timeout fire early.
		this.channel.freezeTime();
		Guid guid = Guid.random();
		ByteBuf frame = request(guid, "/slow");
		this.channel.writeInbound(frame.readRetainedSlice(DoraProtocol.HEADER_LENGTH + 2));
		frame.release();
		assertTruncatedAfterTheOneSecondReadTimeout(guid);
	}

	@Test
	void timesOutHeaderThatNeverCompletes() {
		this.channel.freezeTime();
		this.channel.writeInbound(Unpooled.wrappedBuffer(new byte[] { 0x44, 0x52, 1 }));
		this.channel.advanceTimeBy(1001, TimeUnit.MILLISECONDS);
		this.channel.runScheduledPendingTasks();
		DoraFrameError error = onlyError();
		assertThat(error.code()).isEqualTo(DoraCodes.FRAME_TRUNCATED);
		assertThat(error.guid()).isNull();
	}

	@Test
	void compressesLargeBodiesAndInflatesThem() {
		DoraFrameWriter compressing = new DoraFrameWriter(this.codec, MAX * 64, 256);
		String big = "x".repeat(20_000);
		Guid guid = Guid.random();
		ByteBuf frame = compressing.write(ByteBufAllocator.DEFAULT, MessageType.CALL, 0, guid, 0,
				Map.of("api", Map.of("one", Map.of("name", "/big", "param", big))));
		assertThat(frame.readableBytes()).isLessThan(1000);
		EmbeddedChannel big64 = new EmbeddedChannel(new DoraFrameDecoder(MAX * 64, 0));
		big64.writeInbound(frame);
		DoraFrame decoded = big64.readInbound();
		try {
			assertThat(decoded.hasFlag(DoraProtocol.FLAG_COMPRESSED)).isTrue();
			byte[] json = DoraFrameWriter.json(io.netty.buffer.ByteBufUtil.getBytes(decoded.content()), decoded.flags(),
					MAX * 64);
			assertThat(this.codec.readRequest(json).api().get("one").param().asString()).isEqualTo(big);
		}
		finally {
			decoded.release();
			big64.finishAndReleaseAll();
		}
	}

	@Test
	void refusesToInflateBeyondTheFrameLimit() {
		DoraFrameWriter compressing = new DoraFrameWriter(this.codec, MAX * 1024, 256);
		ByteBuf frame = compressing.write(ByteBufAllocator.DEFAULT, MessageType.CALL, 0, Guid.random(), 0,
				"0".repeat(500_000));
		this.channel.writeInbound(frame);
		DoraFrame decoded = onlyFrame();
		byte[] compressed = io.netty.buffer.ByteBufUtil.getBytes(decoded.content());
		assertThat(compressed.length).isLessThan(MAX);
		org.assertj.core.api.Assertions.assertThatThrownBy(() -> DoraFrameWriter.json(compressed, decoded.flags(), MAX))
			.isInstanceOfSatisfying(DoraProtocolException.class,
					(ex) -> assertThat(ex.code()).isEqualTo(DoraCodes.FRAME_TOO_LARGE));
	}

	@Test
	void refusesToWriteBodyLargerThanTheLimit() {
		org.assertj.core.api.Assertions
			.assertThatThrownBy(() -> this.writer.write(ByteBufAllocator.DEFAULT, MessageType.CALL, 0, Guid.random(), 0,
					"y".repeat(MAX * 2)))
			.isInstanceOfSatisfying(DoraProtocolException.class,
					(ex) -> assertThat(ex.code()).isEqualTo(DoraCodes.FRAME_TOO_LARGE));
	}

	@Test
	void heartbeatFramesHaveNoBody() {
		Guid guid = Guid.random();
		this.channel.writeInbound(DoraFrameWriter.writeEmpty(ByteBufAllocator.DEFAULT, MessageType.PING, guid));
		DoraFrame frame = onlyFrame();
		assertThat(frame.type()).isEqualTo(MessageType.PING);
		assertThat(frame.codec()).isEqualTo(DoraProtocol.CODEC_NONE);
		assertThat(frame.content().readableBytes()).isZero();
	}

	@Test
	void decodedFrameWritesBackTheSameBytesAsTheWriter() {
		Guid guid = Guid.random();
		ByteBuf written = request(guid, "/same");
		EmbeddedChannel decode = new EmbeddedChannel(new DoraFrameDecoder(MAX, 0));
		decode.writeInbound(written.retainedDuplicate());
		DoraFrame frame = decode.readInbound();
		ByteBuf encoded = Unpooled.buffer();
		frame.writeTo(encoded);
		try {
			assertThat(io.netty.buffer.ByteBufUtil.equals(written, encoded)).isTrue();
		}
		finally {
			frame.release();
			encoded.release();
			written.release();
			decode.finishAndReleaseAll();
		}
	}

	private ByteBuf request(Guid guid, String api) {
		return this.writer.write(ByteBufAllocator.DEFAULT, MessageType.CALL, 0, guid, 3000,
				new RequestEnvelope<>(guid.toString(), "W_S",
						Map.of("one", new ApiCall<>(api, Map.of("mark", 234, "foo", 1))), null));
	}

	private static ByteBuf rawFrame(MessageType type, int flags, int codec, int version, byte[] body) {
		ByteBuf frame = Unpooled.buffer();
		frame.writeShort(DoraProtocol.MAGIC);
		frame.writeByte(version);
		frame.writeByte((type != null) ? type.code() : 0x7F);
		frame.writeByte(flags);
		frame.writeByte(codec);
		frame.writeShort(0);
		Guid.random().write(frame);
		frame.writeInt(0);
		frame.writeInt(body.length);
		frame.writeBytes(body);
		return frame;
	}

	private void drain() {
		Object message;
		while ((message = this.channel.readInbound()) != null) {
			this.received.add(message);
		}
	}

	private DoraFrame onlyFrame() {
		drain();
		assertThat(this.received).hasSize(1);
		return (DoraFrame) this.received.get(0);
	}

	private DoraFrameError onlyError() {
		drain();
		assertThat(this.received).hasSize(1);
		return (DoraFrameError) this.received.get(0);
	}

	private static byte[] bodyOf(DoraFrame frame) {
		return io.netty.buffer.ByteBufUtil.getBytes(frame.content());
	}

	/** Nothing for 999 ms, then a fatal {@code FRAME_TRUNCATED} naming the started frame's guid. */
	private void assertTruncatedAfterTheOneSecondReadTimeout(Guid guid) {
		this.channel.advanceTimeBy(999, TimeUnit.MILLISECONDS);
		this.channel.runScheduledPendingTasks();
		assertThat((Object) this.channel.readInbound()).isNull();
		this.channel.advanceTimeBy(2, TimeUnit.MILLISECONDS);
		this.channel.runScheduledPendingTasks();
		DoraFrameError error = onlyError();
		assertThat(error.code()).isEqualTo(DoraCodes.FRAME_TRUNCATED);
		assertThat(error.guid()).isEqualTo(guid);
		assertThat(error.fatal()).isTrue();
	}

}
