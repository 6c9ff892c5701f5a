package io.dora.web;

import java.net.URLEncoder;
import java.net.http.HttpRequest.BodyPublishers;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import io.dora.protocol.DoraCodes;
import io.dora.web.HttpProvider.Reply;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The HTTP endpoint applies the same signature check as TCP, with the signature in a header whose MAC covers
 * method, path, query, Content-Type, X-Dora-Timeout, key id, audience, timestamp and the raw body: changing any one
 * of them alone after signing gets 401 (100005) and runs nothing.
 */
class HttpSigningTests {

	private static final String SECRET = "http-secret-0123456789abcdef";

	private static final String AUDIENCE = "shop";

	private static HttpProvider provider;

	@BeforeAll
	static void start() {
		provider = HttpProvider.start("dora.server.control.enabled=true", "dora.security.keys.web=" + SECRET,
				"dora.security.audiences=" + AUDIENCE);
	}

	@AfterAll
	static void stop() {
		provider.close();
	}

	@Test
	void unsignedRequestsAreRefusedAndRunNothing() throws Exception {
		Reply multi = provider.postJson("/api/multisync",
				"{\"guid\": \"u1\", \"api\": {\"a\": {\"name\": \"/count\", \"param\": \"http-unsigned\"}}}");
		assertThat(multi.status()).isEqualTo(401);
		assertThat(multi.code()).isEqualTo(DoraCodes.SIGNATURE_INVALID);
		assertThat(multi.msg()).contains("not signed");
		Reply call = provider.postJson("/call/count", "\"http-unsigned\"");
		assertThat(call.status()).isEqualTo(401);
		assertThat(provider.handlers().executionsOf("http-unsigned")).isZero();
	}

	@Test
	void signedRequestsRunWhateverTheContentType() throws Exception {
		String json = params("http-signed-json");
		assertThat(send(Signed.post("/api/multisync", "application/json", json)).code()).isZero();
		String form = "params=" + encode(params("http-signed-form")) + "&guid=form-guid-1";
		Reply formReply = send(Signed.post("/api/multisync", "application/x-www-form-urlencoded", form));
		assertThat(formReply.code()).isZero();
		assertThat(formReply.guid()).isEqualTo("form-guid-1");
		assertThat(send(Signed.post("/api/multisync", "text/plain", params("http-signed-text"))).code()).isZero();
		Reply call = send(Signed.post("/call/count", null, "\"http-signed-call\"").query("trace=1").timeout("3000"));
		assertThat(call.status()).isEqualTo(200);
		assertThat(provider.handlers().executionsOf("http-signed-json")).isEqualTo(1);
		assertThat(provider.handlers().executionsOf("http-signed-form")).isEqualTo(1);
		assertThat(provider.handlers().executionsOf("http-signed-text")).isEqualTo(1);
		assertThat(provider.handlers().executionsOf("http-signed-call")).isEqualTo(1);
	}

	@Test
	void jsonBodyChangedAfterSigningIsRefused() throws Exception {
		Signed signed = Signed.post("/api/multisync", "application/json", params("tamper-json"));
		assertRefused(send(signed.sendingBody(params("tamper-json-x"))), "does not match");
		assertRunNothing("tamper-json", "tamper-json-x");
	}

	@Test
	void formBodyChangedAfterSigningIsRefused() throws Exception {
		Signed signed = Signed.post("/api/multisync", "application/x-www-form-urlencoded",
				"params=" + encode(params("tamper-form")));
		assertRefused(send(signed.sendingBody("params=" + encode(params("tamper-form-x")))), "does not match");
		// The MAC covers the raw form, not just its params field: an empty params field signs nothing.
		Signed empty = Signed.post("/api/multisync", "application/x-www-form-urlencoded", "params=");
		assertRefused(send(empty.sendingBody("params=&params=" + encode(params("tamper-form-y")))), "does not match");
		assertRunNothing("tamper-form", "tamper-form-x", "tamper-form-y");
	}

	@Test
	void formGuidChangedAfterSigningIsRefusedAndNotEchoed() throws Exception {
		String params = "params=" + encode(params("tamper-guid"));
		Signed signed = Signed.post("/api/multisync", "application/x-www-form-urlencoded", params + "&guid=signed-guid");
		Reply reply = send(signed.sendingBody(params + "&guid=forged-guid"));
		assertRefused(reply, "does not match");
		assertThat(reply.body().toString()).doesNotContain("forged-guid");
		assertRunNothing("tamper-guid");
	}

	@Test
	void otherBodyChangedAfterSigningIsRefused() throws Exception {
		Signed signed = Signed.post("/call/count", "text/plain", "\"tamper-text\"");
		assertRefused(send(signed.sendingBody("\"tamper-text-x\"")), "does not match");
		assertRunNothing("tamper-text", "tamper-text-x");
	}

	@Test
	void queryChangedAfterSigningIsRefused() throws Exception {
		Signed signed = Signed.post("/call/count", "application/json", "\"tamper-query\"").query("v=1");
		assertRefused(send(signed.sendingQuery("v=2")), "does not match");
		assertRefused(send(signed.sendingQuery(null)), "does not match");
		assertRunNothing("tamper-query");
	}

	@Test
	void timeoutHeaderChangedAfterSigningIsRefused() throws Exception {
		Signed signed = Signed.post("/call/count", "application/json", "\"tamper-timeout\"").timeout("2000");
		assertRefused(send(signed.sendingTimeout("300000")), "does not match");
		assertRefused(send(signed.sendingTimeout(null)), "does not match");
		assertRunNothing("tamper-timeout");
	}

	@Test
	void contentTypeChangedAfterSigningIsRefused() throws Exception {
		Signed signed = Signed.post("/api/multisync", "application/json", params("tamper-type"));
		assertRefused(send(signed.sendingContentType("text/plain")), "does not match");
		assertRunNothing("tamper-type");
	}

	@Test
	void pathChangedAfterSigningIsRefused() throws Exception {
		Signed signed = Signed.post("/call/echo", "application/json", "\"tamper-path\"");
		assertRefused(send(signed.sendingPath("/call/count")), "does not match");
		assertRunNothing("tamper-path");
	}

	@Test
	void requestForAnotherAudienceIsRefused() throws Exception {
		Signed signed = Signed.post("/call/count", "application/json", "\"other-audience\"").audience("billing");
		assertRefused(send(signed), "audience 'billing'");
		assertRunNothing("other-audience");
	}

	@Test
	void requestForTheAddressItArrivesOnIsAccepted() throws Exception {
		String address = provider.uri("/").getAuthority();
		Signed signed = Signed.post("/call/count", "application/json", "\"own-address\"").audience(address);
		assertThat(send(signed).status()).isEqualTo(200);
		assertThat(provider.handlers().executionsOf("own-address")).isEqualTo(1);
	}

	@Test
	void multipartBodiesCannotBeVerifiedAndAreRefused() throws Exception {
		String boundary = "dora-boundary";
		String multipart = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"params\"\r\n\r\n"
				+ params("multipart") + "\r\n--" + boundary + "--\r\n";
		Reply reply = send(Signed.post("/api/multisync", "multipart/form-data; boundary=" + boundary, multipart));
		assertRefused(reply, "servlet container");
		assertRunNothing("multipart");
	}

	@Test
	void signedControlCommandsAnswerAndAnUnknownCommandIs100011() throws Exception {
		String stat = "{\"guid\": \"c1\", \"api\": {\"cmd\": {\"name\": \"getStat\"}}}";
		Reply reply = send(Signed.post("/server/cmd", "application/x-www-form-urlencoded", "params=" + encode(stat)));
		assertThat(reply.code()).isZero();
		assertThat(reply.body().get("data").get("server").isObject()).isTrue();
		Reply reloaded = send(Signed.post("/server/cmd", "application/json", "{\"api\": {\"cmd\": {\"name\": \"reloadTask\"}}}"));
		assertThat(reloaded.code()).isZero();
		assertThat(reloaded.msg()).contains("no effect");
		// The original never answered this one.
		Reply unknown = send(Signed.post("/server/cmd", "application/json", "{\"api\": {\"cmd\": {\"name\": \"shutdownNow\"}}}"));
		assertThat(unknown.code()).isEqualTo(DoraCodes.UNKNOWN_COMMAND);
		assertThat(unknown.msg()).contains("shutdownNow");
	}

	@Test
	void replayedStaleAndWronglyKeyedRequestsAreRefused() throws Exception {
		Signed signed = Signed.post("/api/multisync", "application/json", params("http-replayed"));
		assertThat(send(signed).code()).isZero();
		assertRefused(send(signed), "replay");
		assertRefused(send(Signed.post("/api/multisync", "application/json", params("http-stale"))
			.at(System.currentTimeMillis() - 3_600_000)), "clock skew");
		assertRefused(send(Signed.post("/api/multisync", "application/json", params("http-unknown-key")).key("nope")),
				"unknown signing key");
		assertThat(provider.handlers().executionsOf("http-replayed")).isEqualTo(1);
		assertRunNothing("http-stale", "http-unknown-key");
	}

	private static void assertRefused(Reply reply, String reason) {
		assertThat(reply.status()).as("status of %s", reply.body()).isEqualTo(401);
		assertThat(reply.code()).isEqualTo(DoraCodes.SIGNATURE_INVALID);
		assertThat(reply.msg()).contains(reason);
	}

	private static void assertRunNothing(String... keys) {
		for (String key : keys) {
			assertThat(provider.handlers().executionsOf(key)).as(key).isZero();
		}
	}

	private static String params(String key) {
		return "{\"api\": {\"a\": {\"name\": \"/count\", \"param\": \"" + key + "\"}}}";
	}

	private static String encode(String text) {
		return URLEncoder.encode(text, StandardCharsets.UTF_8);
	}

	private static Reply send(Signed signed) throws Exception {
		String header = signed.header();
		String target = signed.sentPath + ((signed.sentQuery != null) ? "?" + signed.sentQuery : "");
		List<String> headers = new ArrayList<>(List.of("X-Dora-Signature", header));
		if (signed.sentTimeout != null) {
			headers.addAll(List.of("X-Dora-Timeout", signed.sentTimeout));
		}
		return provider.post(target, signed.sentContentType,
				BodyPublishers.ofString(signed.sentBody, StandardCharsets.UTF_8), headers.toArray(String[]::new));
	}

	/**
	 * A request signed as a client in any language signs it (docs/http.md): HMAC-SHA256 over
	 * {@code METHOD\npath\nquery\nContent-Type\nX-Dora-Timeout\nkey\naudience\nts\n} and the body; and what is
	 * actually sent, which a test may change after signing.
	 */
	static final class Signed {

		private final String path;

		private final String contentType;

		private final String body;

		private String query;

		private String timeout;

		private String keyId = "web";

		private String audience = AUDIENCE;

		private long timestamp = System.currentTimeMillis();

		private String sentPath;

		private String sentQuery;

		private String sentContentType;

		private String sentTimeout;

		private String sentBody;

		private Signed(String path, String contentType, String body) {
			this.path = path;
			this.contentType = contentType;
			this.body = body;
			this.sentPath = path;
			this.sentContentType = contentType;
			this.sentBody = body;
		}

		static Signed post(String path, String contentType, String body) {
			return new Signed(path, contentType, body);
		}

		Signed query(String query) {
			this.query = query;
			this.sentQuery = query;
			return this;
		}

		Signed timeout(String timeout) {
			this.timeout = timeout;
			this.sentTimeout = timeout;
			return this;
		}

		Signed audience(String audience) {
			this.audience = audience;
			return this;
		}

		Signed key(String keyId) {
			this.keyId = keyId;
			return this;
		}

		Signed at(long timestamp) {
			this.timestamp = timestamp;
			return this;
		}

		Signed sendingBody(String body) {
			this.sentBody = body;
			return this;
		}

		Signed sendingQuery(String query) {
			this.sentQuery = query;
			return this;
		}

		Signed sendingTimeout(String timeout) {
			this.sentTimeout = timeout;
			return this;
		}

		Signed sendingContentType(String contentType) {
			this.sentContentType = contentType;
			return this;
		}

		Signed sendingPath(String path) {
			this.sentPath = path;
			return this;
		}

		String header() {
			return HttpSignatures.header(SECRET, this.keyId, this.audience, this.timestamp, this.path, this.query,
					this.contentType, this.timeout, this.body.getBytes(StandardCharsets.UTF_8));
		}

	}

}
