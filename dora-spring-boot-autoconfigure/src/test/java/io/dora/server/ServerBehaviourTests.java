package io.dora.server;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.dora.client.DoraRemoteException;
import io.dora.client.DoraTemplate;
import io.dora.protocol.ApiCall;
import io.dora.protocol.DoraCodes;
import io.dora.protocol.DoraFrame;
import io.dora.protocol.DoraFrameWriter;
import io.dora.protocol.DoraJsonCodec;
import io.dora.protocol.DoraProtocol;
import io.dora.protocol.Guid;
import io.dora.protocol.MessageType;
import io.dora.protocol.RequestEnvelope;
import io.dora.protocol.ResponseEnvelope;
import io.dora.server.netty.NettyDoraServer;
import io.dora.test.Await;
import io.dora.test.DoraTestContexts;
import io.dora.test.RawDoraSocket;
import io.dora.test.TestHandlers;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The TCP server over real sockets: graceful shutdown, admission, protocol errors and idle connections.
 */
class ServerBehaviourTests {

	private final DoraJsonCodec codec = new DoraJsonCodec(JsonMapper.builder().build());

	private final DoraFrameWriter writer = new DoraFrameWriter(this.codec, DoraProtocol.DEFAULT_MAX_FRAME_LENGTH, -1);

	@Test
	void gracefulShutdownLetsInFlightCallFinishAndTurnsNewCallsAway() {
		DoraTestContexts.runner().run((consumer) -> DoraTestContexts.provider()
			.withPropertyValues("dora.server.shutdown.grace-period=20s")
			.run((provider) -> {
				TestHandlers handlers = provider.getBean(TestHandlers.class);
				DoraTemplate dora = consumer.getBean(DoraTemplate.class)
					.withAddress("127.0.0.1:" + DoraTestContexts.port(provider))
					.withTimeout(Duration.ofSeconds(20));
				handlers.close(1);
				CompletableFuture<String> slow = dora.callAsync("/wait", "slow", String.class);
				assertThat(handlers.started.await(10, TimeUnit.SECONDS)).isTrue();
				CompletableFuture<Void> shutdown = CompletableFuture.runAsync(provider::close);
				NettyDoraServer server = provider.getBean(NettyDoraServer.class);
				Await.until("the provider stops accepting", () -> !provider.getBean(io.dora.handler.DoraDispatcher.class).isAccepting());
				assertThatThrownBy(() -> dora.call("/echo", "during drain", String.class))
					.isInstanceOfSatisfying(DoraRemoteException.class,
							(ex) -> assertThat(ex.getCode()).isEqualTo(DoraCodes.SHUTTING_DOWN));
				assertThat(slow).isNotDone();
				assertThat(shutdown).isNotDone();
				handlers.open();
				assertThat(slow.get(10, TimeUnit.SECONDS)).isEqualTo("done slow");
				shutdown.get(10, TimeUnit.SECONDS);
				assertThat(server.isRunning()).isFalse();
			}));
	}

	@Test
	void fullExecutorAnswersBusyAtOnce() {
		DoraTestContexts.provider()
			.withPropertyValues("dora.server.business-threads=1", "dora.server.queue-capacity=1")
			.run((context) -> {
				TestHandlers handlers = context.getBean(TestHandlers.class);
				DoraTemplate dora = DoraTestContexts.selfTemplate(context).withTimeout(Duration.ofSeconds(10));
				handlers.close(1);
				CompletableFuture<String> running = dora.callAsync("/wait", "a", String.class);
				assertThat(handlers.started.await(10, TimeUnit.SECONDS)).isTrue();
				CompletableFuture<String> queued = dora.callAsync("/wait", "b", String.class);
				Await.until("two calls in flight", () -> context.getBean(io.dora.handler.DoraDispatcher.class).inFlight() == 2);
				long start = System.nanoTime();
				assertThatThrownBy(() -> dora.call("/echo", "c", String.class))
					.isInstanceOfSatisfying(DoraRemoteException.class,
							(ex) -> assertThat(ex.getCode()).isEqualTo(DoraCodes.SERVER_BUSY));
				assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
				handlers.open();
				assertThat(running.get(10, TimeUnit.SECONDS)).isEqualTo("done a");
				assertThat(queued.get(10, TimeUnit.SECONDS)).isEqualTo("done b");
			});
	}

	@Test
	void garbageIsAnsweredAndClosedWhileOtherConnectionsAreServed() {
		DoraTestContexts.provider().run((context) -> {
			int port = DoraTestContexts.port(context);
			try (RawDoraSocket good = new RawDoraSocket(port); RawDoraSocket bad = new RawDoraSocket(port)) {
				bad.send("GET / HTTP/1.1\r\nHost: dora\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
				RawDoraSocket.Frame error = bad.read();
				assertThat(error.type()).isEqualTo(MessageType.RESPONSE.code());
				assertThat(envelope(error).code()).isEqualTo(DoraCodes.MALFORMED);
				assertThat(bad.isClosedByPeer()).isTrue();
				Guid guid = Guid.random();
				good.send(request(guid, "/echo", "still served"));
				RawDoraSocket.Frame reply = good.read();
				assertThat(reply.guid()).isEqualTo(guid);
				assertThat(envelope(reply).data().get("data").asString()).isEqualTo("still served");
			}
		});
	}

	@Test
	void oversizedFrameIsAnsweredWithItsGuidAndClosed() {
		DoraTestContexts.provider().withPropertyValues("dora.server.max-frame-length=1KB").run((context) -> {
			try (RawDoraSocket socket = new RawDoraSocket(DoraTestContexts.port(context))) {
				Guid guid = Guid.random();
				io.netty.buffer.ByteBuf header = Unpooled.buffer();
				header.writeShort(DoraProtocol.MAGIC).writeByte(1).writeByte(MessageType.CALL.code()).writeByte(0)
					.writeByte(DoraProtocol.CODEC_JSON).writeShort(0);
				guid.write(header);
				header.writeInt(0).writeInt(Integer.MAX_VALUE);
				socket.send(header);
				RawDoraSocket.Frame error = socket.read();
				assertThat(error.guid()).isEqualTo(guid);
				assertThat(envelope(error).code()).isEqualTo(DoraCodes.FRAME_TOO_LARGE);
				assertThat(envelope(error).guid()).isEqualTo(guid.toString());
				assertThat(socket.isClosedByPeer()).isTrue();
			}
		});
	}

	@Test
	void undecodableBodyIsAnsweredAndConnectionKeepsWorking() {
		DoraTestContexts.provider().run((context) -> {
			try (RawDoraSocket socket = new RawDoraSocket(DoraTestContexts.port(context))) {
				Guid guid = Guid.random();
				byte[] body = "{not json".getBytes(StandardCharsets.UTF_8);
				io.netty.buffer.ByteBuf frame = Unpooled.buffer();
				frame.writeShort(DoraProtocol.MAGIC).writeByte(1).writeByte(MessageType.CALL.code()).writeByte(0)
					.writeByte(DoraProtocol.CODEC_JSON).writeShort(0);
				guid.write(frame);
				frame.writeInt(0).writeInt(body.length).writeBytes(body);
				socket.send(frame);
				RawDoraSocket.Frame error = socket.read();
				assertThat(error.guid()).isEqualTo(guid);
				assertThat(envelope(error).code()).isEqualTo(DoraCodes.MALFORMED);
				Guid next = Guid.random();
				socket.send(request(next, "/echo", "after"));
				assertThat(socket.read().guid()).isEqualTo(next);
			}
		});
	}

	@Test
	void heartbeatsKeepAnIdleConnectionOpen() {
		PingCounter pings = new PingCounter();
		DoraTestContexts.provider()
			.withPropertyValues("dora.server.idle-timeout=400ms", "dora.client.heartbeat-interval=100ms")
			.withBean(DoraServerCustomizer.class, () -> pings)
			.run((context) -> {
				DoraTemplate dora = DoraTestContexts.selfTemplate(context);
				assertThat(dora.call("/echo", "before", String.class)).isEqualTo("before");
				NettyDoraServer server = context.getBean(NettyDoraServer.class);
				// Idle for well over the server's idle timeout (heartbeats come at most every 100 ms, so 12 of them
				// span at least three idle timeouts); only heartbeats cross the connection.
				Await.until("12 heartbeats on the idle connection", () -> pings.count.get() >= 12);
				assertThat(server.openConnections()).isEqualTo(1);
				long accepted = (Long) ((Map<?, ?>) context.getBean(io.dora.handler.DoraDispatcher.class)
					.statistics()
					.get("server")).get("accept_count");
				assertThat(dora.call("/echo", "after", String.class)).isEqualTo("after");
				assertThat(accepted).isEqualTo(1);
			});
	}

	@Test
	void silentConnectionIsClosedByTheServer() {
		DoraTestContexts.provider().withPropertyValues("dora.server.idle-timeout=200ms").run((context) -> {
			try (RawDoraSocket socket = new RawDoraSocket(DoraTestContexts.port(context))) {
				socket.setReadTimeout(5000);
				assertThat(socket.isClosedByPeer()).isTrue();
			}
		});
	}

	@Test
	void pingIsAnsweredWithPong() {
		DoraTestContexts.provider().run((context) -> {
			try (RawDoraSocket socket = new RawDoraSocket(DoraTestContexts.port(context))) {
				Guid guid = Guid.random();
				socket.send(DoraFrameWriter.writeEmpty(ByteBufAllocator.DEFAULT, MessageType.PING, guid));
				RawDoraSocket.Frame pong = socket.read();
				assertThat(pong.type()).isEqualTo(MessageType.PONG.code());
				assertThat(pong.guid()).isEqualTo(guid);
				assertThat(pong.body()).isEmpty();
			}
		});
	}

	private io.netty.buffer.ByteBuf request(Guid guid, String api, Object param) {
		return this.writer.write(ByteBufAllocator.DEFAULT, MessageType.CALL, 0, guid, 0,
				new RequestEnvelope<>(guid.toString(), "W_S", Map.of("one", new ApiCall<>(api, param)), null));
	}

	private ResponseEnvelope<JsonNode> envelope(RawDoraSocket.Frame frame) {
		return this.codec.readResponse(frame.body());
	}


	/** Counts the heartbeats the server receives, just before its Dora handler answers them. */
	static final class PingCounter implements DoraServerCustomizer {

		final AtomicInteger count = new AtomicInteger();

		@Override
		public void customize(Channel channel) {
			ChannelPipeline pipeline = channel.pipeline();
			pipeline.addBefore(pipeline.lastContext().name(), "pingCounter", new ChannelInboundHandlerAdapter() {

				@Override
				public void channelRead(ChannelHandlerContext ctx, Object msg) {
					if (msg instanceof DoraFrame frame && frame.type() == MessageType.PING) {
						PingCounter.this.count.incrementAndGet();
					}
					ctx.fireChannelRead(msg);
				}

			});
		}

	}

}
