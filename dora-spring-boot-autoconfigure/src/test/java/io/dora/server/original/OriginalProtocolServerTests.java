package io.dora.server.original;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import io.dora.autoconfigure.InvalidDoraConfigurationException;
import io.dora.protocol.DoraCodes;
import io.dora.protocol.original.OriginalProtocol;
import io.dora.protocol.original.OriginalWireOptions;
import io.dora.server.DoraServer;
import io.dora.server.context.DoraServerInitializedEvent;
import io.dora.server.context.OriginalProtocolServerInitializedEvent;
import io.dora.server.netty.NettyDoraServer;
import io.dora.test.DoraTestContexts;
import io.dora.test.OriginalProtocolClient;
import io.dora.test.TestHandlers;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The original-protocol port end to end over real sockets: a client speaking the original protocol calls the
 * provider's handlers in every mode and gets the original's envelopes, key order, codes and pushed results, while
 * Dora's own port keeps working; hostile input is answered with its code without hurting other callers.
 */
class OriginalProtocolServerTests {

	private static final String GUID = "0123456789abcdef0123456789abcdef";

	private static ApplicationContextRunner provider(String... properties) {
		return DoraTestContexts.provider()
			.withPropertyValues("dora.server.original-protocol.enabled=true", "dora.server.original-protocol.port=0",
					"dora.server.original-protocol.control-enabled=true", "dora.server.frame-read-timeout=500ms")
			.withPropertyValues(properties);
	}

	private static int port(ConfigurableApplicationContext context) {
		return context.getBean(OriginalProtocolServer.class).port();
	}

	@Test
	void aSingleSyncCallGetsTheOriginalsThreeLevelsInTheOriginalsKeyOrder() {
		provider().run((context) -> {
			try (OriginalProtocolClient client = new OriginalProtocolClient(port(context))) {
				JsonNode result = client.singleAPI("/echo", Map.of("k", 1), OriginalProtocolClient.WAIT_RESULT);
				assertThat(result.path("code").asInt()).isZero();
				JsonNode server = result.get("data");
				assertThat(names(server)).containsExactly("guid", "code", "msg", "data");
				assertThat(server.path("guid").asString()).isEqualTo(result.path("guid").asString());
				assertThat(server.path("code").asInt()).isZero();
				JsonNode api = server.get("data");
				assertThat(names(api)).containsExactly("guid", "code", "msg", "data");
				assertThat(api.path("guid").asString()).isEqualTo(result.path("guid").asString());
				assertThat(api.get("data").toString()).isEqualTo("{\"k\":1}");
			}
		});
	}

	@Test
	void handlersSeeThePhpParamAsTheyWouldADoraParam() {
		provider().run((context) -> {
			try (OriginalProtocolClient client = new OriginalProtocolClient(port(context))) {
				JsonNode user = client.singleAPI("/user/get", Map.of("id", 7), OriginalProtocolClient.WAIT_RESULT)
					.path("data").path("data").path("data");
				assertThat(user.toString()).isEqualTo("{\"id\":7,\"name\":\"user-7\",\"tags\":[1,2,3]}");
				JsonNode list = client.singleAPI("/echo", List.of("a", 2, 2.5, true), OriginalProtocolClient.WAIT_RESULT)
					.path("data").path("data").path("data");
				assertThat(list.toString()).isEqualTo("[\"a\",2,2.5,true]");
				JsonNode count = client.singleAPI("/user/list", 2, OriginalProtocolClient.WAIT_RESULT)
					.path("data").path("data").path("data");
				assertThat(count.size()).isEqualTo(2);
			}
		});
	}

	@Test
	void handlerFailuresKeepTheirCodeWithTheOriginalsEmptyArrayAsData() {
		provider().run((context) -> {
			try (OriginalProtocolClient client = new OriginalProtocolClient(port(context))) {
				JsonNode coded = client.singleAPI("/fail/coded", null, OriginalProtocolClient.WAIT_RESULT)
					.path("data");
				assertThat(coded.path("code").asInt()).isZero();
				assertThat(coded.path("data").path("code").asInt()).isEqualTo(4242);
				assertThat(coded.path("data").path("msg").asString()).isEqualTo("custom failure");
				assertThat(coded.path("data").path("data").isArray()).isTrue();
				assertThat(coded.path("data").path("data").isEmpty()).isTrue();
				JsonNode unknown = client.singleAPI("/nobody/here", null, OriginalProtocolClient.WAIT_RESULT)
					.path("data").path("data");
				assertThat(unknown.path("code").asInt()).isEqualTo(DoraCodes.API_NOT_FOUND);
			}
		});
	}

	@Test
	void everyModeSingleAndMultiWithPushedResultsCollectedWhileWaitingAndAfterwards() {
		provider().run((context) -> {
			try (OriginalProtocolClient client = new OriginalProtocolClient(port(context))) {
				JsonNode ack = client.singleAPI("/count", "an-s", OriginalProtocolClient.NO_RESULT).path("data");
				assertThat(ack.path("code").asInt()).isEqualTo(DoraCodes.ACCEPTED);
				assertThat(ack.path("msg").asString()).isEqualTo("transfer success.已经成功投递");
				assertThat(ack.path("data").isArray()).isTrue();

				JsonNode multi = client.multiAPI(Map.of("oak", List.of("/echo", Map.of("uid", "ff")), "cd",
						List.of("/echo", Map.of("pathid", "fds"))), OriginalProtocolClient.WAIT_RESULT).path("data");
				assertThat(multi.path("code").asInt()).isZero();
				assertThat(multi.path("data").path("oak").path("data").path("uid").asString()).isEqualTo("ff");
				assertThat(multi.path("data").path("cd").path("data").path("pathid").asString()).isEqualTo("fds");

				JsonNode noResult = client.multiAPI(Map.of("a", List.of("/count", "an-m"), "b", List.of("/count", "an-m")),
						OriginalProtocolClient.NO_RESULT).path("data");
				assertThat(noResult.path("code").asInt()).isEqualTo(DoraCodes.ACCEPTED);

				JsonNode asyncAck = client.singleAPI("/echo", Map.of("async", "single"),
						OriginalProtocolClient.ASYNC_RESULT);
				String singleGuid = asyncAck.path("guid").asString();
				assertThat(asyncAck.path("data").path("code").asInt()).isEqualTo(DoraCodes.ACCEPTED);
				// The pushed result of the single async call arrives while this call waits: kept with fromwait 1.
				client.singleAPI("/echo", "after", OriginalProtocolClient.WAIT_RESULT);
				JsonNode multiAck = client.multiAPI(Map.of("x", List.of("/echo", 1), "y", List.of("/echo", 2)),
						OriginalProtocolClient.ASYNC_RESULT);
				String multiGuid = multiAck.path("guid").asString();

				JsonNode all = client.getAsyncData().path("data");
				assertThat(names(all)).containsExactlyInAnyOrder(singleGuid, multiGuid);
				JsonNode single = all.get(singleGuid);
				assertThat(names(single)).containsExactly("guid", "code", "msg", "data", "isresult", "fromwait");
				assertThat(single.path("isresult").asInt()).isEqualTo(1);
				assertThat(single.path("fromwait").asInt()).isEqualTo(1);
				assertThat(single.path("data").path("data").path("async").asString()).isEqualTo("single");
				JsonNode pushedMulti = all.get(multiGuid);
				assertThat(pushedMulti.path("fromwait").asInt()).isZero();
				assertThat(pushedMulti.path("data").path("x").path("data").asInt()).isEqualTo(1);
				assertThat(pushedMulti.path("data").path("y").path("data").asInt()).isEqualTo(2);
			}
			TestHandlers handlers = context.getBean(TestHandlers.class);
			io.dora.test.Await.until("fire-and-forget calls executed",
					() -> handlers.executionsOf("an-s") == 1 && handlers.executionsOf("an-m") == 2);
		});
	}

	@Test
	void getStatAnswersInTheOriginalsShape() {
		provider().run((context) -> {
			try (OriginalProtocolClient client = new OriginalProtocolClient(port(context))) {
				JsonNode stat = client.getStat();
				assertThat(stat.path("code").asInt()).isZero();
				assertThat(names(stat.path("data"))).startsWith("server", "logqueue");
				assertThat(stat.path("data").path("server").path("connection_num").asInt()).isPositive();
				assertThat(stat.path("data").path("server").has("start_time")).isTrue();
				assertThat(stat.path("data").path("server").has("tasking_num")).isTrue();
				assertThat(stat.path("data").path("logqueue").path("queue_num").asInt()).isZero();
			}
		});
	}

	@Test
	void controlCommandsAreDeniedUnlessAllowedOnThisPort() {
		provider("dora.server.original-protocol.control-enabled=false").run((context) -> {
			try (OriginalProtocolClient client = new OriginalProtocolClient(port(context))) {
				assertThat(client.getStat().path("code").asInt()).isEqualTo(DoraCodes.COMMAND_DENIED);
			}
		});
	}

	@Test
	void anUnknownTypeIsAnswered100002AndAnEmptyApi100003() {
		provider().run((context) -> {
			try (OriginalProtocolClient client = new OriginalProtocolClient(port(context))) {
				client.send(GUID, bytes("a:3:{s:3:\"api\";a:1:{s:3:\"one\";a:2:{s:4:\"name\";s:5:\"/echo\";"
						+ "s:5:\"param\";N;}}s:4:\"guid\";s:32:\"" + GUID + "\";s:4:\"type\";s:3:\"X_Y\";}"));
				JsonNode unknownType = client.readEnvelope();
				assertThat(unknownType.path("guid").asString()).isEqualTo(GUID);
				assertThat(unknownType.path("code").asInt()).isEqualTo(DoraCodes.UNKNOWN_TYPE);
				client.send(GUID, bytes("a:3:{s:3:\"api\";a:0:{}s:4:\"guid\";s:32:\"" + GUID
						+ "\";s:4:\"type\";s:3:\"W_M\";}"));
				JsonNode empty = client.readEnvelope();
				assertThat(empty.path("code").asInt()).isEqualTo(DoraCodes.API_EMPTY);
				assertThat(empty.path("msg").asString()).isEqualTo("param api is empty");
				assertThat(empty.path("data").isArray()).isTrue();
			}
		});
	}

	@Test
	void anUnknownControlCommandIsAnswered100011AndPendingWorkOnTheConnectionIsKept() {
		provider().run((context) -> {
			try (OriginalProtocolClient client = new OriginalProtocolClient(port(context))) {
				String pending = client.singleAPI("/echo", "kept", OriginalProtocolClient.ASYNC_RESULT).path("guid")
					.asString();
				JsonNode unknown = client.command("restart");
				assertThat(unknown.path("code").asInt()).isEqualTo(DoraCodes.UNKNOWN_COMMAND);
				JsonNode all = client.getAsyncData().path("data");
				assertThat(all.path(pending).path("data").path("data").asString())
					.as("the original discarded this result (reference 7.5)").isEqualTo("kept");
			}
		});
	}

	@Test
	void aRequestWithoutABodyGuidIsAnsweredUnderItsHeaderGuidSoFramingHolds() {
		provider().run((context) -> {
			try (OriginalProtocolClient client = new OriginalProtocolClient(port(context))) {
				client.send(GUID, bytes("a:2:{s:3:\"api\";a:1:{s:3:\"one\";a:2:{s:4:\"name\";s:5:\"/echo\";"
						+ "s:5:\"param\";i:5;}}s:4:\"type\";s:3:\"W_S\";}"));
				JsonNode reply = client.readEnvelope();
				assertThat(reply.path("guid").asString()).isEqualTo(GUID);
				assertThat(reply.path("data").path("data").asInt()).isEqualTo(5);
				client.send(GUID, bytes("not serialized"));
				assertThat(client.readEnvelope().path("guid").asString())
					.as("the original replied with an empty guid here and broke the framing (reference 7.9)")
					.isEqualTo(GUID);
				assertThat(client.singleAPI("/echo", 6, OriginalProtocolClient.WAIT_RESULT).path("code").asInt())
					.isZero();
			}
		});
	}

	@Test
	void objectsReferencesAndDeepNestingInTheBodyAreRefusedAndTheConnectionGoesOn() {
		provider().run((context) -> {
			try (OriginalProtocolClient client = new OriginalProtocolClient(port(context))) {
				List<String> hostile = List.of(
						"a:3:{s:3:\"api\";a:1:{s:3:\"one\";a:2:{s:4:\"name\";s:5:\"/echo\";s:5:\"param\";"
								+ "O:8:\"stdClass\":0:{}}}s:4:\"guid\";s:32:\"" + GUID + "\";s:4:\"type\";s:3:\"W_S\";}",
						"C:11:\"ArrayObject\":0:{}", "a:2:{i:0;i:1;i:1;r:1;}",
						"a:1:{i:0;".repeat(200) + "N;" + "}".repeat(200), "garbage that is no serialize() at all");
				for (String body : hostile) {
					client.send(GUID, bytes(body));
					JsonNode refused = client.readEnvelope();
					assertThat(refused.path("code").asInt()).as(body).isEqualTo(OriginalProtocol.BAD_PACKET);
					assertThat(refused.path("guid").asString()).isEqualTo(GUID);
				}
				assertThat(client.singleAPI("/echo", "still served", OriginalProtocolClient.WAIT_RESULT)
					.path("data").path("data").path("data").asString()).isEqualTo("still served");
			}
		});
	}

	@Test
	void aHugeLengthIsAnswered100016AndTheConnectionClosedWhileOthersAreServed() {
		provider().run((context) -> {
			try (OriginalProtocolClient hostile = new OriginalProtocolClient(port(context));
					OriginalProtocolClient wellBehaved = new OriginalProtocolClient(port(context))) {
				hostile.sendRaw(new byte[] { 0x7F, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF });
				JsonNode refused = hostile.readEnvelope();
				assertThat(refused.path("code").asInt()).isEqualTo(DoraCodes.FRAME_TOO_LARGE);
				assertThat(refused.path("guid").asString()).isEqualTo(OriginalProtocol.ZERO_GUID);
				assertThat(hostile.isClosedByPeer()).isTrue();
				assertThat(wellBehaved.singleAPI("/echo", 1, OriginalProtocolClient.WAIT_RESULT).path("code").asInt())
					.isZero();
			}
		});
	}

	@Test
	void garbageStreamsAreAnsweredWithADocumentedCodeAndClosedWhileOthersAreServed() {
		java.util.Random random = new java.util.Random(16);
		provider().run((context) -> {
			try (OriginalProtocolClient wellBehaved = new OriginalProtocolClient(port(context))) {
				for (int i = 0; i < 8; i++) {
					byte[] garbage = new byte[1 + random.nextInt(300)];
					random.nextBytes(garbage);
					try (OriginalProtocolClient attacker = new OriginalProtocolClient(port(context))) {
						attacker.sendRaw(garbage);
						List<Integer> codes = new ArrayList<>();
						try {
							while (!attacker.isClosedByPeerAfterReading(codes)) {
								// read until the provider closes the connection
							}
						}
						catch (java.net.SocketTimeoutException ex) {
							// The garbage happened to end on a frame boundary: the connection is still usable.
							assertThat(attacker.singleAPI("/echo", "still", OriginalProtocolClient.WAIT_RESULT)
								.path("code").asInt()).isZero();
						}
						assertThat(codes).as("codes for garbage " + i).isNotEmpty().allSatisfy((code) -> assertThat(code)
							.isIn(DoraCodes.FRAME_TOO_LARGE, DoraCodes.FRAME_TRUNCATED, OriginalProtocol.BAD_PACKET));
					}
					assertThat(wellBehaved.singleAPI("/echo", i, OriginalProtocolClient.WAIT_RESULT).path("data")
						.path("data").path("data").asInt()).isEqualTo(i);
				}
			}
		});
	}

	@Test
	void aFrameNotFinishedInTimeIsAnswered100007AndClosed() {
		provider().run((context) -> {
			try (OriginalProtocolClient client = new OriginalProtocolClient(port(context))) {
				client.sendRaw(new byte[] { 0, 0, 0, 100, '0', '1' });
				JsonNode truncated = client.readEnvelope();
				assertThat(truncated.path("code").asInt()).isEqualTo(DoraCodes.FRAME_TRUNCATED);
				assertThat(client.isClosedByPeer()).isTrue();
			}
		});
	}

	@Test
	void withTheCrcSignatureOnAWrongSignatureIsAnswered100005() {
		OriginalWireOptions signed = new OriginalWireOptions(true, OriginalProtocol.DEFAULT_SALT, true);
		provider("dora.server.original-protocol.crc-signature=true", "dora.server.original-protocol.compression=true")
			.run((context) -> {
				try (OriginalProtocolClient client = new OriginalProtocolClient(port(context), signed)) {
					assertThat(client.singleAPI("/echo", "signed and gzipped", OriginalProtocolClient.WAIT_RESULT)
						.path("data").path("data").path("data").asString()).isEqualTo("signed and gzipped");
				}
				OriginalWireOptions otherSalt = new OriginalWireOptions(true, "not the salt", true);
				try (OriginalProtocolClient client = new OriginalProtocolClient(port(context), otherSalt)) {
					client.send(GUID, bytes("N;"));
					byte[] reply = client.readBodyUnchecked();
					assertThat(new String(reply, StandardCharsets.UTF_8)).contains("i:100005;");
				}
			});
	}

	@Test
	void connectionsBeyondTheLimitOfBothPortsAreClosedAtOnce() {
		provider("dora.server.max-connections=1").run((context) -> {
			try (OriginalProtocolClient first = new OriginalProtocolClient(port(context))) {
				// A round trip first, so the provider counts this connection before the next one arrives.
				assertThat(first.singleAPI("/echo", 1, OriginalProtocolClient.WAIT_RESULT).path("code").asInt())
					.isZero();
				try (OriginalProtocolClient second = new OriginalProtocolClient(port(context))) {
					assertThat(second.isClosedByPeer()).isTrue();
				}
				assertThat(first.singleAPI("/echo", 2, OriginalProtocolClient.WAIT_RESULT).path("code").asInt())
					.isZero();
			}
		});
	}

	@Test
	void idleConnectionsAreClosedAfterTheIdleTimeout() {
		provider("dora.server.idle-timeout=300ms").run((context) -> {
			try (OriginalProtocolClient client = new OriginalProtocolClient(port(context))) {
				assertThat(client.isClosedByPeer()).isTrue();
			}
		});
	}

	@Test
	void dorasOwnPortIsUnchanged() {
		provider().run((context) -> {
			assertThat(DoraTestContexts.port(context)).isNotEqualTo(port(context));
			assertThat(DoraTestContexts.selfTemplate(context).call("/echo", "dora", String.class)).isEqualTo("dora");
		});
	}

	@Test
	void withDorasSigningKeysThePortRefusesToStartUnlessUnsignedCallsAreAllowed() {
		String key = "dora.security.keys.k1=original-protocol-test-secret-0123456789";
		provider(key).run((context) -> assertThat(context).getFailure()
			.rootCause()
			.isInstanceOf(InvalidDoraConfigurationException.class)
			.hasMessageContaining("original PHP protocol cannot carry Dora's signatures"));
		provider(key, "dora.server.original-protocol.allow-unsigned=true").run((context) -> {
			try (OriginalProtocolClient client = new OriginalProtocolClient(port(context))) {
				assertThat(client.singleAPI("/echo", 1, OriginalProtocolClient.WAIT_RESULT).path("code").asInt())
					.isZero();
			}
		});
	}

	@Test
	void thePortIsASecondServerThatDorasOwnPortsListenersNeverMistakeForDoras() {
		List<ApplicationEvent> events = new CopyOnWriteArrayList<>();
		provider().withInitializer((context) -> context.addApplicationListener((ApplicationEvent event) -> {
			if (event instanceof DoraServerInitializedEvent || event instanceof OriginalProtocolServerInitializedEvent) {
				events.add(event);
			}
		})).run((context) -> {
			DoraServer doras = context.getBean(DoraServer.class);
			assertThat(doras).isInstanceOf(NettyDoraServer.class);
			OriginalProtocolServer original = context.getBean(OriginalProtocolServer.class);
			assertThat(original.isRunning()).isTrue();
			assertThat(original.port()).isNotEqualTo(doras.port());
			assertThat(events).hasSize(2);
			assertThat(events).filteredOn(DoraServerInitializedEvent.class::isInstance)
				.singleElement()
				.satisfies((event) -> assertThat(((DoraServerInitializedEvent) event).getServer()).isSameAs(doras));
			assertThat(events).filteredOn(OriginalProtocolServerInitializedEvent.class::isInstance)
				.singleElement()
				.satisfies((event) -> assertThat(((OriginalProtocolServerInitializedEvent) event).getServer())
					.isSameAs(original));
		});
	}

	@Test
	void thePortIsOffByDefault() {
		DoraTestContexts.provider()
			.run((context) -> assertThat(context).doesNotHaveBean(OriginalProtocolServer.class));
	}

	private static List<String> names(JsonNode node) {
		List<String> names = new ArrayList<>();
		node.propertyNames().forEach(names::add);
		return names;
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

}
