package io.dora.sample.provider;

import java.util.List;
import java.util.Map;

import io.dora.autoconfigure.DoraServerAutoConfiguration;
import io.dora.protocol.DoraCodes;
import io.dora.server.original.OriginalProtocolServer;
import io.dora.test.OriginalProtocolClient;
import io.dora.test.context.RandomDoraServerPort;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;

import static io.dora.test.OriginalProtocolClient.ASYNC_RESULT;
import static io.dora.test.OriginalProtocolClient.NO_RESULT;
import static io.dora.test.OriginalProtocolClient.WAIT_RESULT;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The original Dora README's TCP client loop, call for call, by a client speaking the original protocol against
 * the sample provider's original-protocol port: every mode, single and multi, and {@code getAsyncData()}.
 */
@SpringBootTest(properties = { "dora.registry.enabled=false", "dora.server.original-protocol.enabled=true",
		"dora.server.original-protocol.port=0", "dora.server.original-protocol.control-enabled=true",
		"dora.server.address=127.0.0.1" })
@RandomDoraServerPort
class OriginalPhpClientLoopTests {

	private static final int ITERATIONS = 20;

	@Autowired
	@Qualifier(DoraServerAutoConfiguration.ORIGINAL_PROTOCOL_SERVER_BEAN_NAME)
	private OriginalProtocolServer server;

	@Test
	void theOriginalReadmeClientLoopRunsInEveryMode() throws Exception {
		try (OriginalProtocolClient client = new OriginalProtocolClient(this.server.port())) {
			for (int i = 0; i < ITERATIONS; i++) {
				JsonNode single = client.singleAPI("/module_a/abc" + i, Map.of("mark", 234, "foo", i), WAIT_RESULT);
				assertAnswered(single.path("data").path("data"), "/module_a/abc" + i, i);

				JsonNode noResult = client.singleAPI("/module_b/abc" + i, Map.of("yes", 21321, "foo", i), NO_RESULT);
				assertThat(noResult.path("data").path("code").asInt()).isEqualTo(DoraCodes.ACCEPTED);

				JsonNode asyncSingle = client.singleAPI("/module_c/abd" + i, Map.of("yes", 233, "foo", i),
						ASYNC_RESULT);
				assertThat(asyncSingle.path("data").path("code").asInt()).isEqualTo(DoraCodes.ACCEPTED);

				JsonNode multi = client.multiAPI(Map.of("oak", List.of("/module_c/dd" + i, Map.of("uid", "ff")), "cd",
						List.of("/module_f/ef" + i, Map.of("pathid", "fds"))), WAIT_RESULT);
				assertThat(multi.path("data").path("code").asInt()).isZero();
				assertThat(multi.path("data").path("data").path("oak").path("data").path("api").asString())
					.isEqualTo("/module_c/dd" + i);
				assertThat(multi.path("data").path("data").path("cd").path("data").path("param").path("pathid")
					.asString()).isEqualTo("fds");

				JsonNode multiNoResult = client.multiAPI(
						Map.of("oak", List.of("/module_d/oakdf" + i, Map.of("dsaf", "32111321")), "cd",
								List.of("/module_e/oakdfff" + i, Map.of("codo", "f11ds"))), NO_RESULT);
				assertThat(multiNoResult.path("data").path("code").asInt()).isEqualTo(DoraCodes.ACCEPTED);

				JsonNode multiAsync = client.multiAPI(
						Map.of("oak", List.of("/module_a/oakdf" + i, Map.of("dsaf", "11")), "cd",
								List.of("/module_b/oakdfff" + i, Map.of("codo", "f11ds"))), ASYNC_RESULT);
				assertThat(multiAsync.path("data").path("code").asInt()).isEqualTo(DoraCodes.ACCEPTED);

				JsonNode all = client.getAsyncData();
				assertThat(all.path("code").asInt()).isZero();
				JsonNode results = all.path("data");
				assertThat(results.size()).as("results of the two async calls").isEqualTo(2);
				JsonNode pushedSingle = results.get(asyncSingle.path("guid").asString());
				assertThat(pushedSingle.path("isresult").asInt()).isEqualTo(1);
				assertAnswered(pushedSingle.path("data"), "/module_c/abd" + i, i);
				JsonNode pushedMulti = results.get(multiAsync.path("guid").asString());
				assertThat(pushedMulti.path("isresult").asInt()).isEqualTo(1);
				assertThat(pushedMulti.path("data").path("oak").path("data").path("api").asString())
					.isEqualTo("/module_a/oakdf" + i);
				assertThat(pushedMulti.path("data").path("cd").path("data").path("mode").asInt()).isEqualTo(2);
			}
			JsonNode stat = client.getStat();
			assertThat(stat.path("data").path("server").path("request_count").asLong())
				.isGreaterThanOrEqualTo(9L * ITERATIONS);
		}
	}

	private static void assertAnswered(JsonNode apiResult, String api, int i) {
		assertThat(apiResult.path("code").asInt()).as(apiResult.toString()).isZero();
		assertThat(apiResult.path("data").path("api").asString()).isEqualTo(api);
		assertThat(apiResult.path("data").path("param").path("foo").asInt()).isEqualTo(i);
		assertThat(apiResult.path("data").path("served_by").asString()).isEqualTo("sample-provider");
	}

}
