package io.dora.web;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Map;

import io.dora.protocol.DoraCodes;
import io.dora.security.SignatureChecker;
import io.dora.web.HttpProvider.Reply;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The HTTP endpoint applies the same signature check as TCP, with the signature in a header.
 */
class HttpSigningTests {

	private static final String SECRET = "http-secret-0123456789abcdef";

	private static HttpProvider provider;

	@BeforeAll
	static void start() {
		provider = HttpProvider.start("dora.server.control.enabled=true", "dora.security.keys.web=" + SECRET);
	}

	@AfterAll
	static void stop() {
		provider.close();
	}

	@Test
	void unsignedRequestsAreRefusedAndRunNothing() throws Exception {
		Reply multi = provider.postJson("/api/multisync",
				"{\"guid\": \"u1\", \"api\": {\"a\": {\"name\": \"/count\", \"param\": \"http-unsigned\"}}}");
		assertThat(multi.status()).isEqualTo(200);
		assertThat(multi.code()).isEqualTo(DoraCodes.SIGNATURE_INVALID);
		assertThat(multi.msg()).contains("not signed");
		Reply call = provider.postJson("/call/count", "\"http-unsigned\"");
		assertThat(call.status()).isEqualTo(401);
		assertThat(provider.handlers().executionsOf("http-unsigned")).isZero();
	}

	@Test
	void signedJsonAndFormRequestsRun() throws Exception {
		String json = "{\"api\": {\"a\": {\"name\": \"/count\", \"param\": \"http-signed-json\"}}}";
		Reply multi = provider.postJson("/api/multisync", json, signature("/api/multisync", json));
		assertThat(multi.code()).isZero();
		String params = "{\"api\": {\"a\": {\"name\": \"/count\", \"param\": \"http-signed-form\"}}}";
		Reply form = provider.postForm("/api/multisync", Map.of("params", params), signature("/api/multisync", params));
		assertThat(form.code()).isZero();
		Reply call = provider.postJson("/call/count", "\"http-signed-call\"",
				signature("/call/count", "\"http-signed-call\""));
		assertThat(call.status()).isEqualTo(200);
		assertThat(provider.handlers().executionsOf("http-signed-json")).isEqualTo(1);
		assertThat(provider.handlers().executionsOf("http-signed-form")).isEqualTo(1);
		assertThat(provider.handlers().executionsOf("http-signed-call")).isEqualTo(1);
	}

	@Test
	void signedControlCommandsAnswerAndAnUnknownCommandIs100011() throws Exception {
		String stat = "{\"guid\": \"c1\", \"api\": {\"cmd\": {\"name\": \"getStat\"}}}";
		Reply reply = provider.postForm("/server/cmd", Map.of("params", stat), signature("/server/cmd", stat));
		assertThat(reply.code()).isZero();
		assertThat(reply.body().get("data").get("server").isObject()).isTrue();
		String reload = "{\"api\": {\"cmd\": {\"name\": \"reloadTask\"}}}";
		Reply reloaded = provider.postJson("/server/cmd", reload, signature("/server/cmd", reload));
		assertThat(reloaded.code()).isZero();
		assertThat(reloaded.msg()).contains("no effect");
		// The original never answered this one.
		String unknown = "{\"api\": {\"cmd\": {\"name\": \"shutdownNow\"}}}";
		Reply unknownReply = provider.postJson("/server/cmd", unknown, signature("/server/cmd", unknown));
		assertThat(unknownReply.code()).isEqualTo(DoraCodes.UNKNOWN_COMMAND);
		assertThat(unknownReply.msg()).contains("shutdownNow");
	}

	@Test
	void tamperedReplayedAndStaleRequestsAreRefused() throws Exception {
		String json = "{\"api\": {\"a\": {\"name\": \"/count\", \"param\": \"http-replayed\"}}}";
		String[] header = signature("/api/multisync", json);
		assertThat(provider.postJson("/api/multisync", json, header).code()).isZero();
		Reply replay = provider.postJson("/api/multisync", json, header);
		assertThat(replay.code()).isEqualTo(DoraCodes.SIGNATURE_INVALID);
		assertThat(replay.msg()).contains("replay");
		Reply tampered = provider.postJson("/api/multisync", json.replace("replayed", "tampered"),
				signature("/api/multisync", json));
		assertThat(tampered.msg()).contains("does not match");
		Reply stale = provider.postJson("/api/multisync", json,
				signature("/api/multisync", json, System.currentTimeMillis() - 3_600_000));
		assertThat(stale.msg()).contains("clock skew");
		assertThat(provider.handlers().executionsOf("http-replayed")).isEqualTo(1);
		assertThat(provider.handlers().executionsOf("http-tampered")).isZero();
	}

	static String[] signature(String path, String content) {
		return signature(path, content, System.currentTimeMillis());
	}

	/** What a client in any language computes: HMAC-SHA256 over "POST\n<path>\n<ts>\n<content>", in hex. */
	static String[] signature(String path, String content, long timestamp) {
		byte[] mac = SignatureChecker.sign(SECRET.getBytes(StandardCharsets.UTF_8),
				(hmac) -> SignatureChecker.update(hmac, "POST\n" + path + "\n" + timestamp + "\n" + content));
		return new String[] { "X-Dora-Signature",
				"key=web, ts=" + timestamp + ", mac=" + HexFormat.of().formatHex(mac) };
	}

}
