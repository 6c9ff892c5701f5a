package io.dora.bench.dora.raw;

import io.dora.bench.core.BenchData;
import io.dora.bench.core.Operation;
import io.dora.bench.core.User;
import io.dora.netty.ServerListener;
import io.dora.protocol.ApiResult;
import io.dora.protocol.DoraFrame;
import io.dora.protocol.DoraFrameDecoder;
import io.dora.protocol.DoraJsonCodec;
import io.dora.protocol.DoraProtocol;
import io.dora.protocol.MessageType;
import io.dora.protocol.RequestEnvelope;
import io.dora.protocol.ResponseEnvelope;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.GlobalEventExecutor;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The raw-netty peer sends Dora's own getUser frames, and its server and driver make calls over a real socket.
 */
class RawNettyPeerTests {

	private final GetUserFrames frames = new GetUserFrames();

	private final DoraJsonCodec codec = new DoraJsonCodec(JsonMapper.builder().build());

	@Test
	void requestIsADoraSyncGetUserFrame() {
		DoraFrame frame = decode(this.frames.request());
		try {
			assertThat(frame.type()).isEqualTo(MessageType.CALL);
			assertThat(frame.codec()).isEqualTo(DoraProtocol.CODEC_JSON);
			RequestEnvelope<JsonNode> request = this.codec.readRequest(ByteBufUtil.getBytes(frame.content()));
			assertThat(request.type()).isEqualTo("W_S");
			assertThat(request.api().get("one").name()).isEqualTo("/user/get");
			assertThat(request.api().get("one").param().asLong()).isEqualTo(GetUserFrames.USER_ID);
		}
		finally {
			frame.release();
		}
	}

	@Test
	void replyIsTheProvidersAnswerWithTheUser() {
		DoraFrame frame = decode(this.frames.reply());
		try {
			assertThat(frame.type()).isEqualTo(MessageType.RESPONSE);
			ResponseEnvelope<ApiResult<User>> reply = this.codec
				.readSingleResponse(ByteBufUtil.getBytes(frame.content()), this.codec.type(User.class));
			assertThat(reply.isOk()).isTrue();
			assertThat(reply.data().data().getName()).isEqualTo(BenchData.user(GetUserFrames.USER_ID).getName());
		}
		finally {
			frame.release();
		}
	}

	@Test
	void driverCallsTheServerOverASocket() {
		ServerListener server = RawNettyServer.start(0);
		try (RawNettyDriver driver = new RawNettyDriver("127.0.0.1:" + server.address().getPort())) {
			for (int i = 0; i < 100; i++) {
				Operation.GET_USER.verify(driver.call(Operation.GET_USER, i));
			}
			assertThatExceptionOfType(UnsupportedOperationException.class)
				.isThrownBy(() -> driver.call(Operation.LIST_USER, 1));
		}
		finally {
			server.close(new DefaultChannelGroup(GlobalEventExecutor.INSTANCE));
		}
	}

	private static DoraFrame decode(byte[] bytes) {
		EmbeddedChannel channel = new EmbeddedChannel(new DoraFrameDecoder(DoraProtocol.DEFAULT_MAX_FRAME_LENGTH, 0));
		assertThat(channel.writeInbound(Unpooled.wrappedBuffer(bytes))).isTrue();
		DoraFrame frame = channel.readInbound();
		assertThat(channel.finish()).isFalse();
		return frame;
	}

}
