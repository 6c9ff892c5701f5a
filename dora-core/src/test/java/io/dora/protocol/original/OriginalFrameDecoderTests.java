package io.dora.protocol.original;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.dora.protocol.DoraCodes;
import io.dora.protocol.FrameBufferBudget;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The original protocol's frame decoder with split, coalesced, oversized, short, wrongly signed, unfinished and
 * arbitrary input: every outcome is a frame or a documented code, and nothing is buffered beyond the limit.
 */
class OriginalFrameDecoderTests {

	private static final int MAX = 1024;

	private static final String GUID = "0123456789abcdef0123456789abcdef";

	private static final OriginalWireOptions SIGNED = new OriginalWireOptions(true, OriginalProtocol.DEFAULT_SALT,
			false);

	@Test
	void decodesFramesArrivingByteByByteAndCoalesced() {
		EmbeddedChannel channel = channel(OriginalWireOptions.DEFAULTS);
		byte[] one = frame(OriginalWireOptions.DEFAULTS, "N;");
		byte[] two = frame(OriginalWireOptions.DEFAULTS, "b:1;");
		for (byte b : one) {
			channel.writeInbound(Unpooled.wrappedBuffer(new byte[] { b }));
		}
		channel.writeInbound(Unpooled.wrappedBuffer(two, two));
		assertThat(bodies(channel)).containsExactly("N;", "b:1;", "b:1;");
	}

	@Test
	void aHugeLengthIsRefusedAtOnceAndClosesTheStream() {
		EmbeddedChannel channel = channel(OriginalWireOptions.DEFAULTS);
		channel.writeInbound(Unpooled.wrappedBuffer(new byte[] { (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF }));
		OriginalFrameError error = channel.readInbound();
		assertThat(error.code()).isEqualTo(DoraCodes.FRAME_TOO_LARGE);
		assertThat(error.fatal()).isTrue();
		assertThat(error.guid()).isEqualTo(OriginalProtocol.ZERO_GUID);
		channel.writeInbound(Unpooled.wrappedBuffer(frame(OriginalWireOptions.DEFAULTS, "N;")));
		assertThat((Object) channel.readInbound()).as("nothing is read after a fatal error").isNull();
	}

	@Test
	void aLengthTooShortForTheHeaderIsAnswered100007AndTheStreamGoesOn() {
		EmbeddedChannel channel = channel(OriginalWireOptions.DEFAULTS);
		channel.writeInbound(Unpooled.wrappedBuffer(new byte[] { 0, 0, 0, 3, 'a', 'b', 'c' }));
		OriginalFrameError error = channel.readInbound();
		assertThat(error.code()).isEqualTo(DoraCodes.FRAME_TRUNCATED);
		assertThat(error.fatal()).isFalse();
		channel.writeInbound(Unpooled.wrappedBuffer(frame(OriginalWireOptions.DEFAULTS, "N;")));
		assertThat(bodies(channel)).containsExactly("N;");
	}

	@Test
	void aWrongSignatureIsAnswered100005WithTheGuidAndTheStreamGoesOn() {
		EmbeddedChannel channel = channel(SIGNED);
		byte[] forged = frame(SIGNED, "i:1;");
		forged[forged.length - 2] = '2';
		channel.writeInbound(Unpooled.wrappedBuffer(forged));
		OriginalFrameError error = channel.readInbound();
		assertThat(error.code()).isEqualTo(DoraCodes.SIGNATURE_INVALID);
		assertThat(error.guid()).isEqualTo(GUID);
		assertThat(error.fatal()).isFalse();
		channel.writeInbound(Unpooled.wrappedBuffer(frame(SIGNED, "i:1;")));
		assertThat(bodies(channel)).containsExactly("i:1;");
	}

	@Test
	void aFrameNotCompletedWithinTheReadTimeoutIsAnswered100007AndClosesTheStream() {
		EmbeddedChannel channel = new EmbeddedChannel(
				new OriginalFrameDecoder(MAX, 1000, FrameBufferBudget.UNLIMITED, OriginalWireOptions.DEFAULTS));
		channel.freezeTime();
		byte[] frame = frame(OriginalWireOptions.DEFAULTS, "s:3:\"abc\";");
		channel.writeInbound(Unpooled.wrappedBuffer(frame, 0, frame.length - 1));
		channel.advanceTimeBy(999, TimeUnit.MILLISECONDS);
		channel.runScheduledPendingTasks();
		assertThat((Object) channel.readInbound()).isNull();
		channel.advanceTimeBy(2, TimeUnit.MILLISECONDS);
		channel.runScheduledPendingTasks();
		OriginalFrameError error = channel.readInbound();
		assertThat(error.code()).isEqualTo(DoraCodes.FRAME_TRUNCATED);
		assertThat(error.guid()).isEqualTo(GUID);
		assertThat(error.fatal()).isTrue();
	}

	@Test
	void aFrameBeyondTheSharedBufferBudgetIsAnswered100014AndSkippedUnbuffered() {
		FrameBufferBudget budget = new FrameBufferBudget(100);
		EmbeddedChannel channel = new EmbeddedChannel(
				new OriginalFrameDecoder(MAX, 0, budget, OriginalWireOptions.DEFAULTS));
		byte[] large = frame(OriginalWireOptions.DEFAULTS, "s:200:\"" + "x".repeat(200) + "\";");
		channel.writeInbound(Unpooled.wrappedBuffer(large, 0, 50));
		OriginalFrameError error = channel.readInbound();
		assertThat(error.code()).isEqualTo(DoraCodes.SERVER_BUSY);
		assertThat(budget.reserved()).isZero();
		channel.writeInbound(Unpooled.wrappedBuffer(large, 50, large.length - 50));
		channel.writeInbound(Unpooled.wrappedBuffer(frame(OriginalWireOptions.DEFAULTS, "N;")));
		assertThat(bodies(channel)).containsExactly("N;");
	}

	@Property(tries = 300)
	void arbitraryBytesInArbitraryChunksAreFramesOrDocumentedErrors(@ForAll @Size(max = 4096) byte[] bytes,
			@ForAll @IntRange(min = 1, max = 300) int chunk, @ForAll boolean signed) {
		EmbeddedChannel channel = channel(signed ? SIGNED : OriginalWireOptions.DEFAULTS);
		List<Object> received = new ArrayList<>();
		for (int at = 0; at < bytes.length; at += chunk) {
			channel.writeInbound(Unpooled.wrappedBuffer(bytes, at, Math.min(chunk, bytes.length - at)));
			channel.checkException();
			Object message;
			while ((message = channel.readInbound()) != null) {
				received.add(message);
			}
		}
		for (Object message : received) {
			if (message instanceof OriginalFrame frame) {
				assertThat(frame.body().length).isLessThanOrEqualTo(MAX);
				assertThat(frame.guid()).hasSize(OriginalProtocol.GUID_LENGTH);
			}
			else {
				assertThat(((OriginalFrameError) message).code()).isIn(DoraCodes.FRAME_TOO_LARGE,
						DoraCodes.FRAME_TRUNCATED, DoraCodes.SIGNATURE_INVALID);
			}
		}
		channel.finishAndReleaseAll();
	}

	private static EmbeddedChannel channel(OriginalWireOptions options) {
		return new EmbeddedChannel(new OriginalFrameDecoder(MAX, 0, FrameBufferBudget.UNLIMITED, options));
	}

	private static byte[] frame(OriginalWireOptions options, String body) {
		ByteBuf frame = new OriginalFrameWriter(options, MAX).write(UnpooledByteBufAllocator.DEFAULT, GUID,
				body.getBytes(StandardCharsets.UTF_8));
		try {
			return ByteBufUtil.getBytes(frame);
		}
		finally {
			frame.release();
		}
	}

	private static List<String> bodies(EmbeddedChannel channel) {
		List<String> bodies = new ArrayList<>();
		OriginalFrame frame;
		while ((frame = channel.readInbound()) != null) {
			bodies.add(new String(frame.body(), StandardCharsets.UTF_8));
		}
		return bodies;
	}

}
