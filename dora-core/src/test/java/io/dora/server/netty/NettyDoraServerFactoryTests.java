package io.dora.server.netty;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;

import io.dora.handler.DoraApiInvoker;
import io.dora.handler.DoraApiMethod;
import io.dora.handler.DoraApiRegistry;
import io.dora.handler.DoraControlCommands;
import io.dora.handler.DoraDispatcher;
import io.dora.handler.DoraServerStats;
import io.dora.handler.InFlightLimiter;
import io.dora.handler.RecentCallCache;
import io.dora.protocol.DoraCodes;
import io.dora.protocol.DoraFrameWriter;
import io.dora.protocol.DoraJsonCodec;
import io.dora.protocol.DoraProtocol;
import io.dora.protocol.Guid;
import io.dora.server.DoraServer;
import io.dora.server.DoraServerCustomizer;
import io.dora.server.DoraServerSettings;
import io.dora.test.RawDoraSocket;
import io.dora.test.RawFrames;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.util.ReflectionUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Netty server the factory creates, on a real socket on a free loopback port.
 */
class NettyDoraServerFactoryTests {

	private final DoraJsonCodec codec = new DoraJsonCodec(JsonMapper.builder().build());

	private final ExecutorService executor = Executors.newFixedThreadPool(2);

	private final ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1);

	private final NettyDoraServerFactory factory = new NettyDoraServerFactory(
			new DoraServerSettings("127.0.0.1", 0, 1, DoraProtocol.DEFAULT_MAX_FRAME_LENGTH, Duration.ofSeconds(10),
					Duration.ZERO, 0),
			new DoraFrameWriter(this.codec, DoraProtocol.DEFAULT_MAX_FRAME_LENGTH, -1));

	private DoraServer server;

	@AfterEach
	void stop() {
		if (this.server != null) {
			this.server.stop();
		}
		this.executor.shutdownNow();
		this.scheduler.shutdownNow();
	}

	@Test
	void serverIsCreatedPausedAndAnswersCallsOnceStarted() throws Exception {
		this.server = this.factory.getServer(dispatcher());
		assertThat(this.server.isRunning()).isFalse();
		assertThat(this.server.address()).isNull();
		assertThat(this.server.port()).isEqualTo(-1);
		this.server.start();
		assertThat(this.server.isRunning()).isTrue();
		assertThat(this.server.port()).isPositive();
		assertThat(this.server.isTls()).isFalse();
		assertThat(this.server.requiresSignedRequests()).isFalse();
		Guid guid = Guid.random();
		try (RawDoraSocket socket = new RawDoraSocket(this.server.port())) {
			socket.send(RawFrames.call(guid, "{\"guid\":\"" + guid + "\",\"type\":\"W_S\","
					+ "\"api\":{\"one\":{\"name\":\"/echo\",\"param\":\"hi\"}}}"));
			RawDoraSocket.Frame reply = socket.read();
			assertThat(reply.guid()).isEqualTo(guid);
			assertThat(this.codec.readCodes(reply.body()).outcome()).isEqualTo(DoraCodes.OK);
			assertThat(reply.bodyText()).contains("\"data\":\"hi\"");
		}
		assertThat(this.server.shutdownGracefully(Duration.ofSeconds(5))).isTrue();
		assertThat(this.server.isRunning()).isFalse();
	}

	@Test
	void customizersAdjustTheBootstrapAndEveryConnectionInOrder() throws Exception {
		List<String> calls = new CopyOnWriteArrayList<>();
		this.factory.addCustomizers(new DoraServerCustomizer() {

			@Override
			public void customize(ServerBootstrap bootstrap) {
				calls.add("first bootstrap");
				bootstrap.childOption(ChannelOption.SO_SNDBUF, 65_536);
			}

			@Override
			public void customize(Channel channel) {
				calls.add("first connection " + channel.config().getOption(ChannelOption.SO_SNDBUF));
			}

		}, new DoraServerCustomizer() {

			@Override
			public void customize(ServerBootstrap bootstrap) {
				calls.add("second bootstrap");
			}

		});
		this.server = this.factory.getServer(dispatcher());
		this.server.start();
		assertThat(calls).containsExactly("first bootstrap", "second bootstrap");
		try (RawDoraSocket socket = new RawDoraSocket(this.server.port())) {
			Guid guid = Guid.random();
			socket.send(RawFrames.call(guid, "{\"guid\":\"" + guid + "\",\"type\":\"W_S\","
					+ "\"api\":{\"one\":{\"name\":\"/echo\",\"param\":1}}}"));
			assertThat(socket.read().guid()).isEqualTo(guid);
		}
		assertThat(calls).hasSize(3);
		assertThat(calls.get(2)).startsWith("first connection ").doesNotEndWith("null");
	}

	private DoraDispatcher dispatcher() {
		DoraApiRegistry registry = new DoraApiRegistry();
		registry.register(DoraApiMethod.forMethod("/echo", "echo", new Echo(),
				ReflectionUtils.findMethod(Echo.class, "echo", Object.class), Echo.class, false));
		DoraServerStats stats = new DoraServerStats();
		return new DoraDispatcher(new DoraApiInvoker(registry, this.codec, stats), this.executor,
				new InFlightLimiter(16), this.scheduler, stats, new DoraControlCommands(false),
				new RecentCallCache(100, Duration.ofMinutes(1)), 8, false);
	}

	public static class Echo {

		public Object echo(Object param) {
			return param;
		}

	}

}
