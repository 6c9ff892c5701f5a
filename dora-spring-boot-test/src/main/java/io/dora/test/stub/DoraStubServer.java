package io.dora.test.stub;

import java.lang.reflect.Method;
import java.time.Duration;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import io.dora.discovery.DoraEndpoint;
import io.dora.handler.DoraApiInvoker;
import io.dora.handler.DoraApiMethod;
import io.dora.handler.DoraApiRegistry;
import io.dora.handler.DoraCallContext;
import io.dora.handler.DoraControlCommands;
import io.dora.handler.DoraServerStats;
import io.dora.handler.InFlightLimiter;
import io.dora.handler.RecentCallCache;
import io.dora.protocol.DoraFrameWriter;
import io.dora.protocol.DoraJsonCodec;
import io.dora.security.FrameVerifier;
import io.dora.server.DoraServer;
import io.dora.server.DoraServerSettings;
import io.dora.server.netty.NettyDoraServerFactory;
import io.netty.util.concurrent.DefaultThreadFactory;
import tools.jackson.databind.JsonNode;

import org.springframework.util.ReflectionUtils;

/**
 * A real Dora TCP server on a free loopback port whose one handler, for every name, asks {@link DoraStubs} for the
 * answer. Calls are recorded by its {@link RecordingDispatcher} as they arrive. Control commands are enabled, so a
 * consumer's {@code getStat} gets the stub server's figures (signed requests only, as on a provider with keys).
 */
final class DoraStubServer {

	private static final String CATCH_ALL = "/**";

	private final DoraServer server;

	private final ScheduledExecutorService scheduler;

	private final ThreadPoolExecutor executor;

	private final DoraEndpoint endpoint;

	private DoraStubServer(DoraServer server, ScheduledExecutorService scheduler, ThreadPoolExecutor executor) {
		this.server = server;
		this.scheduler = scheduler;
		this.executor = executor;
		this.endpoint = new DoraEndpoint("127.0.0.1", server.port());
	}

	/** Where the server listens; kept after it stopped. */
	DoraEndpoint endpoint() {
		return this.endpoint;
	}

	void stop() {
		this.server.stop();
		this.scheduler.shutdownNow();
		this.executor.shutdownNow();
	}

	/**
	 * How to build the server: what the application's client sends, it must accept.
	 *
	 * @param codec the application's JSON codec
	 * @param maxFrameLength the client's largest frame
	 * @param verifier checks the client's signatures; {@code null} when the application has no keys
	 */
	record Factory(DoraJsonCodec codec, int maxFrameLength, FrameVerifier verifier) {

		DoraStubServer start(DoraStubs stubs) {
			DoraApiRegistry registry = new DoraApiRegistry();
			Method handle = ReflectionUtils.findMethod(StubHandler.class, "handle", JsonNode.class,
					DoraCallContext.class);
			registry.register(DoraApiMethod.forMethod(CATCH_ALL, "doraStubs", new StubHandler(stubs, this.codec),
					handle, StubHandler.class, false));
			DoraServerStats stats = new DoraServerStats();
			ThreadPoolExecutor executor = new ThreadPoolExecutor(8, 8, 10, TimeUnit.SECONDS,
					new LinkedBlockingQueue<>(), new DefaultThreadFactory("dora-stub", true));
			executor.allowCoreThreadTimeOut(true);
			ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1,
					new DefaultThreadFactory("dora-stub-deadlines", true));
			RecordingDispatcher dispatcher = new RecordingDispatcher(new DoraApiInvoker(registry, this.codec, stats),
					executor, new InFlightLimiter(1024), scheduler, stats, new DoraControlCommands(true),
					new RecentCallCache(10_000, Duration.ofMinutes(1)), 1024, (call) -> stubs.record(call), this.codec);
			DoraServerSettings settings = new DoraServerSettings("127.0.0.1", 0, 1, this.maxFrameLength,
					Duration.ofSeconds(10), Duration.ZERO, 0);
			NettyDoraServerFactory factory = new NettyDoraServerFactory(settings,
					new DoraFrameWriter(this.codec, this.maxFrameLength, -1));
			factory.setFrameVerifier(this.verifier);
			DoraServer server = factory.getServer(dispatcher);
			server.start();
			return new DoraStubServer(server, scheduler, executor);
		}

	}

	/** Serves every name with the matching stub's answer. */
	static final class StubHandler {

		private final DoraStubs stubs;

		private final DoraJsonCodec codec;

		StubHandler(DoraStubs stubs, DoraJsonCodec codec) {
			this.stubs = stubs;
			this.codec = codec;
		}

		Object handle(JsonNode param, DoraCallContext context) throws Exception {
			return this.stubs.answer(new RecordedCall(context.apiName(), param, context.mode(), context.guid(),
					context.key(), context.meta(), this.codec));
		}

	}

}
