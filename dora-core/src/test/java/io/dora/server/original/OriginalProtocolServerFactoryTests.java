package io.dora.server.original;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
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
import io.dora.protocol.DoraJsonCodec;
import io.dora.protocol.DoraProtocol;
import io.dora.protocol.FrameBufferBudget;
import io.dora.protocol.original.OriginalWireOptions;
import io.dora.server.DoraServer;
import io.dora.server.DoraServerCustomizer;
import io.dora.server.DoraServerSettings;
import io.dora.test.OriginalProtocolClient;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.handler.timeout.IdleStateHandler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.util.ReflectionUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The original-protocol server the factory creates, in the shape of Dora's own: created paused, bound by
 * {@link DoraServer#start()}, its connections given the shared pipeline with the original protocol's decoder and
 * handler, and customized like Dora's. On a real socket on a free loopback port, called by a client that speaks
 * the original protocol.
 */
class OriginalProtocolServerFactoryTests {

	private final JsonMapper mapper = JsonMapper.builder().build();

	private final DoraJsonCodec codec = new DoraJsonCodec(this.mapper);

	private final ExecutorService executor = Executors.newFixedThreadPool(2);

	private final ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1);

	private final OriginalProtocolServerFactory factory = new OriginalProtocolServerFactory(
			new DoraServerSettings("127.0.0.1", 0, 1, DoraProtocol.DEFAULT_MAX_FRAME_LENGTH, Duration.ofSeconds(10),
					Duration.ofMinutes(5), 0),
			OriginalWireOptions.DEFAULTS, this.mapper);

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
	void serverIsCreatedPausedAndAnswersTheOriginalClientOnceStarted() throws Exception {
		this.server = this.factory.getServer(dispatcher());
		assertThat(this.server.isRunning()).isFalse();
		assertThat(this.server.address()).isNull();
		assertThat(this.server.port()).isEqualTo(-1);
		this.server.start();
		assertThat(this.server.isRunning()).isTrue();
		assertThat(this.server.port()).isPositive();
		assertThat(this.server.isTls()).isFalse();
		assertThat(this.server.requiresSignedRequests()).isFalse();
		try (OriginalProtocolClient client = new OriginalProtocolClient(this.server.port())) {
			JsonNode reply = client.singleAPI("/echo", "hi", OriginalProtocolClient.WAIT_RESULT);
			assertThat(reply.path("code").asInt()).isEqualTo(DoraCodes.OK);
			assertThat(reply.path("data").path("data").path("data").asString()).isEqualTo("hi");
		}
		assertThat(this.server.shutdownGracefully(Duration.ofSeconds(5))).isTrue();
		assertThat(this.server.isRunning()).isFalse();
	}

	@Test
	void connectionsGetTheSharedPipelineAndTheCustomizersInOrder() throws Exception {
		List<String> calls = new CopyOnWriteArrayList<>();
		this.factory.addCustomizers(new DoraServerCustomizer() {

			@Override
			public void customize(ServerBootstrap bootstrap) {
				calls.add("first bootstrap");
				bootstrap.childOption(ChannelOption.SO_SNDBUF, 65_536);
			}

			@Override
			public void customize(Channel channel) {
				calls.add("first connection " + channel.config().getOption(ChannelOption.SO_SNDBUF) + " idle "
						+ (channel.pipeline().get(IdleStateHandler.class) != null) + " last "
						+ channel.pipeline().last().getClass().getSimpleName());
			}

		}, new DoraServerCustomizer() {

			@Override
			public void customize(ServerBootstrap bootstrap) {
				calls.add("second bootstrap");
			}

		});
		this.factory.setBudget(new FrameBufferBudget(1 << 20));
		this.server = this.factory.getServer(dispatcher());
		this.server.start();
		assertThat(calls).containsExactly("first bootstrap", "second bootstrap");
		try (OriginalProtocolClient client = new OriginalProtocolClient(this.server.port())) {
			assertThat(client.singleAPI("/echo", 1, OriginalProtocolClient.WAIT_RESULT).path("code").asInt())
				.isEqualTo(DoraCodes.OK);
		}
		assertThat(calls).hasSize(3);
		assertThat(calls.get(2)).startsWith("first connection ")
			.doesNotStartWith("first connection null")
			.endsWith(" idle true last OriginalProtocolServerHandler");
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
