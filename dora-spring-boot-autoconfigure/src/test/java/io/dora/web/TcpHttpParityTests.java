package io.dora.web;

import java.util.Map;

import io.dora.client.DoraResponse;
import io.dora.client.DoraResult;
import io.dora.client.DoraTemplate;
import io.dora.protocol.ApiCall;
import io.dora.protocol.DoraFrameWriter;
import io.dora.protocol.DoraJsonCodec;
import io.dora.protocol.DoraProtocol;
import io.dora.protocol.Guid;
import io.dora.protocol.MessageType;
import io.dora.protocol.RequestEnvelope;
import io.dora.test.RawDoraSocket;
import io.dora.web.HttpProvider.Reply;
import io.netty.buffer.ByteBufAllocator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The same call gives the same result over TCP and HTTP: both transports share one dispatcher.
 */
class TcpHttpParityTests {

	private static HttpProvider provider;

	@BeforeAll
	static void start() {
		provider = HttpProvider.start();
	}

	@AfterAll
	static void stop() {
		provider.close();
	}

	@Test
	void singleCallGivesTheSameOutcomeThroughDoraTemplateAndCall() throws Exception {
		DoraTemplate tcp = provider.tcp();
		Map<String, Object> calls = Map.of("/user/get", Map.of("id", 7), "/echo", Map.of("mark", 234, "foo", 1),
				"/fail/coded", "x", "/no/such/api", "x", "/module_a/abc42", Map.of());
		for (Map.Entry<String, Object> call : calls.entrySet()) {
			DoraResponse overTcp = tcp.exchange(call.getKey(), call.getValue());
			Reply overHttp = provider.postJson("/call" + call.getKey(),
					provider.json().writeValueAsString(call.getValue()));
			assertThat(overTcp.getCode()).as(call.getKey()).isZero();
			DoraResult tcpResult = overTcp.getResult();
			assertThat(overHttp.code()).as(call.getKey()).isEqualTo(tcpResult.getCode());
			assertThat(overHttp.msg()).isEqualTo(tcpResult.getMsg());
			assertThat(overHttp.guid()).isNotNull();
			assertThat(overHttp.data()).isEqualTo(tcpResult.dataAs(JsonNode.class));
		}
	}

	@Test
	void multiRequestGivesByteForByteTheSameJsonOverTcpAndMultisync() throws Exception {
		DoraJsonCodec codec = new DoraJsonCodec(provider.json());
		DoraFrameWriter writer = new DoraFrameWriter(codec, DoraProtocol.DEFAULT_MAX_FRAME_LENGTH, -1);
		Guid guid = Guid.random();
		Map<String, ApiCall<Object>> api = Map.of("user", new ApiCall<>("/user/get", Map.of("id", 3)), "coded",
				new ApiCall<>("/fail/coded", null), "boom", new ApiCall<>("/fail/boom", null), "missing",
				new ApiCall<>("/no/such/api", null), "list", new ApiCall<>("/user/list", 2));
		RequestEnvelope<Object> request = new RequestEnvelope<>(guid.toString(), "W_M", api, null);
		JsonNode overTcp;
		try (RawDoraSocket socket = new RawDoraSocket(provider.tcpPort())) {
			socket.send(writer.write(ByteBufAllocator.DEFAULT, MessageType.CALL, 0, guid, 0, request));
			overTcp = provider.json().readTree(socket.read().body());
		}
		Reply overHttp = provider.postForm("/api/multisync",
				Map.of("params", provider.json().writeValueAsString(request)));
		assertThat(overHttp.body()).isEqualTo(overTcp);
		assertThat(overTcp.get("data").get("coded").get("code").asInt()).isEqualTo(4242);
	}

}
