package io.dora.web;

import java.util.Map;

import io.dora.protocol.DoraCodes;
import io.dora.web.HttpProvider.Reply;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The endpoint under a base path, next to the application's own paths, with control commands left disabled.
 */
class HttpBasePathTests {

	private static final String ECHO = "{\"guid\": \"bp\", \"api\": {\"a\": {\"name\": \"/echo\", \"param\": \"x\"}}}";

	private static HttpProvider provider;

	@BeforeAll
	static void start() {
		provider = HttpProvider.start("dora.server.http.base-path=rpc/");
	}

	@AfterAll
	static void stop() {
		provider.close();
	}

	@Test
	void everyPathMovesUnderTheBasePath() throws Exception {
		Reply multisync = provider.postForm("/rpc/api/multisync", Map.of("params", ECHO));
		assertThat(multisync.code()).isZero();
		assertThat(multisync.result("a").get("data").asString()).isEqualTo("x");
		assertThat(provider.postJson("/rpc/api/multinoresult", ECHO).code()).isEqualTo(DoraCodes.ACCEPTED);
		Reply call = provider.postJson("/rpc/call/echo", "\"y\"");
		assertThat(call.status()).isEqualTo(200);
		assertThat(call.data().asString()).isEqualTo("y");
		Reply unknown = provider.postJson("/rpc/api/other", ECHO);
		assertThat(unknown.status()).isEqualTo(200);
		assertThat(unknown.code()).isEqualTo(DoraCodes.UNKNOWN_TYPE);
	}

	@Test
	void theOriginalPathsAreLeftToTheApplication() throws Exception {
		Reply reply = provider.postForm("/api/multisync", Map.of("params", ECHO));
		assertThat(reply.status()).isEqualTo(404);
		assertThat(reply.body().has("code")).isFalse();
	}

	@Test
	void controlCommandsAreDeniedUnlessEnabled() throws Exception {
		Reply reply = provider.postJson("/rpc/server/cmd", "{\"api\": {\"cmd\": {\"name\": \"getStat\"}}}");
		assertThat(reply.status()).isEqualTo(200);
		assertThat(reply.code()).isEqualTo(DoraCodes.COMMAND_DENIED);
		assertThat(reply.guid()).matches("[0-9a-f]{32}");
		assertThat(reply.body().get("data").isNull()).isTrue();
	}

}
