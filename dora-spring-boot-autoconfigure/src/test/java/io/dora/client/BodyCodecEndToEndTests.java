package io.dora.client;

import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

import io.dora.client.connection.DoraConnection;
import io.dora.client.connection.DoraConnectionManager;
import io.dora.discovery.DoraEndpoint;
import io.dora.handler.DoraServerStats;
import io.dora.protocol.DoraBodyCodec;
import io.dora.protocol.DoraCodes;
import io.dora.protocol.DoraFrame;
import io.dora.protocol.DoraJsonCodec;
import io.dora.protocol.DoraProtocol;
import io.dora.protocol.Guid;
import io.dora.protocol.MessageType;
import io.dora.protocol.ResponseEnvelope;
import io.dora.server.DoraServerCustomizer;
import io.dora.test.DoraTestContexts;
import io.dora.test.RawDoraSocket;
import io.dora.test.RawFrames;
import io.dora.test.TestHandlers.User;
import io.dora.test.TestHandlers.UserQuery;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.ParameterizedTypeReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The binary body codec over real sockets: a client with {@code dora.client.codec=cbor} against a current provider
 * and against one that, like a provider of a version before the codec, speaks JSON only; large bodies of changing
 * sizes in both codecs; and raw frames in CBOR and in an unknown codec.
 */
class BodyCodecEndToEndTests {

	private static final JsonMapper MAPPER = JsonMapper.builder().build();

	/** A provider that records the codec of every request frame it receives. */
	private static ApplicationContextRunner recordingProvider(CodecRecorder recorder) {
		return DoraTestContexts.provider().withBean(CodecRecorder.class, () -> recorder);
	}

	private static ApplicationContextRunner cborConsumer() {
		return DoraTestContexts.runner().withPropertyValues("dora.client.codec=cbor");
	}

	@Test
	void cborClientGetsTheSameResultsAsJsonFromACurrentProviderAndWritesCborOnceProbed() {
		CodecRecorder recorder = new CodecRecorder();
		recordingProvider(recorder).run((provider) -> {
			DoraTemplate json = DoraTestContexts.selfTemplate(provider);
			String address = "127.0.0.1:" + DoraTestContexts.port(provider);
			cborConsumer().run((consumer) -> {
				DoraTemplate cbor = consumer.getBean(DoraTemplate.class).withAddress(address);
				// The first call opens the connection; its probe is answered before this call's reply.
				assertThat(cbor.call("/echo", "first", String.class)).isEqualTo("first");
				assertThat(connection(consumer, address).requestCodec().id()).isEqualTo(DoraProtocol.CODEC_CBOR);
				recorder.codecs.clear();

				assertThat(cbor.call("/user/get", new UserQuery(7), User.class))
					.isEqualTo(json.call("/user/get", new UserQuery(7), User.class));
				ParameterizedTypeReference<List<User>> users = new ParameterizedTypeReference<>() {
				};
				assertThat(cbor.call("/user/list", 50, users)).hasSize(50).isEqualTo(json.call("/user/list", 50, users));
				Map<String, Object> param = Map.of("mark", 234, "nested", Map.of("list", List.of(1, 2.5, "x")));
				assertThat(cbor.exchange("/echo", param).getResult().getData())
					.isEqualTo(json.exchange("/echo", param).getResult().getData());
				DoraMultiCall multi = cbor.multi();
				DoraMultiCall.Key<User> one = multi.add("one", "/user/get", new UserQuery(1), User.class);
				DoraMultiCall.Key<String> echo = multi.add("echo", "/echo", "hello", String.class);
				DoraMultiResult result = multi.execute();
				assertThat(result.get(one).name()).isEqualTo("user-1");
				assertThat(result.get(echo)).isEqualTo("hello");
				assertThat(cbor.submit("/echo", "later", String.class).await(java.time.Duration.ofSeconds(10)))
					.isEqualTo("later");
				assertThat(cbor.exchange("/no/such/api", null).getResult().getCode())
					.isEqualTo(DoraCodes.API_NOT_FOUND);
			});
			// The consumer's requests came as CBOR, the provider's own (JSON by default) as JSON.
			assertThat(recorder.codecs).contains(DoraProtocol.CODEC_CBOR, DoraProtocol.CODEC_JSON);
			assertThat(recorder.codecs.stream().filter((codec) -> codec == DoraProtocol.CODEC_CBOR)).hasSize(6);
		});
	}

	@Test
	void largeBodiesOfChangingSizesComeBackUnchangedInJsonAndCbor() {
		// Each frame of an API starts at the size of its last (DoraFrameWriter): sizes that rise and fall, one after
		// another and at once, must still arrive whole, on the way out and on the way back.
		List<String> texts = List.of(text(64 * 1024), "a", text(300 * 1024), "é€😀".repeat(30_000), text(1000),
				text(64 * 1024 + 1), "", text(128 * 1024));
		DoraTestContexts.provider().run((provider) -> {
			DoraTemplate json = DoraTestContexts.selfTemplate(provider);
			String address = "127.0.0.1:" + DoraTestContexts.port(provider);
			cborConsumer().run((consumer) -> {
				DoraTemplate cbor = consumer.getBean(DoraTemplate.class).withAddress(address);
				for (DoraTemplate template : List.of(json, cbor)) {
					for (String text : texts) {
						assertThat(template.call("/echo", text, String.class)).isEqualTo(text);
					}
					List<java.util.concurrent.CompletableFuture<String>> replies = texts.stream()
						.map((text) -> template.callAsync("/echo", text, String.class))
						.toList();
					for (int i = 0; i < texts.size(); i++) {
						assertThat(replies.get(i).get(30, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(texts.get(i));
					}
				}
				assertThat(connection(consumer, address).requestCodec().id()).isEqualTo(DoraProtocol.CODEC_CBOR);
			});
		});
	}

	@Test
	void cborClientStaysOnJsonWithAnOldProviderThatOnlySpeaksJson() {
		CodecRecorder recorder = new CodecRecorder();
		// A provider of a version before the binary codec: its decoder answers codec 2 with 100006.
		recordingProvider(recorder).withBean(DoraJsonCodec.class, () -> new DoraJsonCodec(MAPPER, false))
			.run((provider) -> {
				DoraServerStats stats = provider.getBean(DoraServerStats.class);
				String address = "127.0.0.1:" + DoraTestContexts.port(provider);
				cborConsumer().run((consumer) -> {
					DoraTemplate cbor = consumer.getBean(DoraTemplate.class).withAddress(address);
					assertThat(cbor.call("/user/get", new UserQuery(3), User.class).name()).isEqualTo("user-3");
					DoraConnection connection = connection(consumer, address);
					assertThat(connection.requestCodec().id()).isEqualTo(DoraProtocol.CODEC_JSON);
					for (int i = 0; i < 20; i++) {
						assertThat(cbor.call("/echo", "call " + i, String.class)).isEqualTo("call " + i);
					}
					cbor.send("/echo", "one way");
					assertThat(connection(consumer, address)).isSameAs(connection);
					assertThat(connection.requestCodec().id()).isEqualTo(DoraProtocol.CODEC_JSON);
				});
				// The probe was its only refused frame; every request came as JSON.
				assertThat(protocolErrors(stats)).isEqualTo(1);
				assertThat(recorder.codecs).hasSize(22).containsOnly(DoraProtocol.CODEC_JSON);
			});
	}

	@Test
	void rawCborRequestIsAnsweredInCborAndAnUnknownCodecIs100006WhileTheConnectionIsStillServed() {
		DoraTestContexts.provider().run((context) -> {
			DoraBodyCodec cbor = context.getBean(DoraJsonCodec.class).bodyCodec(DoraProtocol.CODEC_CBOR);
			try (RawDoraSocket socket = new RawDoraSocket(DoraTestContexts.port(context))) {
				Guid guid = Guid.random();
				socket.send(RawFrames.frame(MessageType.CALL, 0, DoraProtocol.CODEC_CBOR, guid, new byte[0],
						cbor.writeBytes(MAPPER.readValue("{\"api\":{\"one\":{\"name\":\"/echo\",\"param\":{\"k\":[1,2]}}}}",
								Map.class))));
				RawDoraSocket.Frame reply = socket.read();
				assertThat(reply.header()[5]).isEqualTo((byte) DoraProtocol.CODEC_CBOR);
				ResponseEnvelope<JsonNode> envelope = cbor.readResponse(reply.body());
				assertThat(envelope.guid()).isEqualTo(guid.toString());
				assertThat(envelope.data().path("data").path("k").get(1).asInt()).isEqualTo(2);

				Guid unknown = Guid.random();
				socket.send(RawFrames.frame(MessageType.CALL, 0, 9, unknown, new byte[0], new byte[] { 1, 2, 3 }));
				RawDoraSocket.Frame refused = socket.read();
				assertThat(refused.guid()).isEqualTo(unknown);
				assertThat(refused.header()[5]).isEqualTo((byte) DoraProtocol.CODEC_JSON);
				assertThat(MAPPER.readTree(refused.body()).path("code").asInt()).isEqualTo(DoraCodes.UNSUPPORTED_CODEC);

				assertStillServed(socket);
			}
		});
	}

	@Test
	void hostileCborBodiesAreRefusedWithACodeAndTheConnectionIsStillServed() {
		DoraTestContexts.provider().run((context) -> {
			DoraBodyCodec cbor = context.getBean(DoraJsonCodec.class).bodyCodec(DoraProtocol.CODEC_CBOR);
			try (RawDoraSocket socket = new RawDoraSocket(DoraTestContexts.port(context))) {
				// A map whose key is a text string announcing 4 GiB: nothing of that size may be allocated.
				byte[] hugeText = { (byte) 0xBF, 0x7B, 0, 0, 0, 1, 0, 0, 0, 0, 0x61 };
				assertThat(refusal(socket, cbor, hugeText)).isEqualTo(DoraCodes.MALFORMED);
				// Arrays nested deeper than the application's JSON limits allow.
				byte[] deep = new byte[5000];
				java.util.Arrays.fill(deep, (byte) 0x81);
				byte[] nested = new byte[deep.length + 12];
				System.arraycopy(new byte[] { (byte) 0xA1, 0x63, 'a', 'p', 'i', (byte) 0xA1, 0x63, 'o', 'n', 'e',
						(byte) 0xA1, 0x65 }, 0, nested, 0, 12);
				System.arraycopy(deep, 0, nested, 12, deep.length);
				assertThat(refusal(socket, cbor, nested)).isIn(DoraCodes.MALFORMED, DoraCodes.BAD_PARAMETER);
				assertStillServed(socket);
			}
		});
	}

	private static String text(int length) {
		StringBuilder text = new StringBuilder(length);
		for (int i = 0; i < length; i++) {
			text.append((char) ('a' + i % 26));
		}
		return text.toString();
	}

	private static int refusal(RawDoraSocket socket, DoraBodyCodec cbor, byte[] body) throws Exception {
		Guid guid = Guid.random();
		socket.send(RawFrames.frame(MessageType.CALL, 0, DoraProtocol.CODEC_CBOR, guid, new byte[0], body));
		RawDoraSocket.Frame reply = socket.read();
		assertThat(reply.guid()).isEqualTo(guid);
		return cbor.readResponse(reply.body()).code();
	}

	private static void assertStillServed(RawDoraSocket socket) throws Exception {
		socket.send(RawFrames.call(Guid.random(), "{\"api\":{\"one\":{\"name\":\"/echo\",\"param\":\"ok\"}}}"));
		assertThat(MAPPER.readTree(socket.read().body()).path("data").path("data").asString()).isEqualTo("ok");
	}

	private static DoraConnection connection(ConfigurableApplicationContext consumer, String address)
			throws Exception {
		return consumer.getBean(DoraConnectionManager.class).connection(DoraEndpoint.parse(address)).get();
	}

	@SuppressWarnings("unchecked")
	private static long protocolErrors(DoraServerStats stats) {
		Map<String, Object> server = (Map<String, Object>) stats.snapshot(0, 0).get("server");
		return ((Number) server.get("protocol_errors")).longValue();
	}

	/** Puts a handler before the server handler that notes the body codec of each request frame. */
	static final class CodecRecorder implements DoraServerCustomizer {

		final Queue<Integer> codecs = new ConcurrentLinkedQueue<>();

		@Override
		public void customize(Channel channel) {
			channel.pipeline().addBefore(channel.pipeline().lastContext().name(), "codec-recorder", new ChannelInboundHandlerAdapter() {

				@Override
				public void channelRead(ChannelHandlerContext ctx, Object msg) {
					if (msg instanceof DoraFrame frame && frame.type().isRequest()) {
						CodecRecorder.this.codecs.add(frame.codec());
					}
					ctx.fireChannelRead(msg);
				}

			});
		}

	}

}
