package io.dora.web;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.dora.protocol.DoraCodes;
import io.dora.test.Await;
import io.dora.test.TestHandlers;
import io.dora.web.HttpProvider.Reply;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The original Dora HTTP contract and {@code /call} on a real Tomcat: form, multipart and JSON bodies, every
 * validation code, control commands, size limit, deadlines and keep-alive.
 */
class HttpEndpointTests {

	private static final String TWO_USERS = """
			{"guid": "%s", "api": {
				"u7": {"name": "/user/get", "param": {"id": 7}},
				"echo": {"name": "/echo", "param": {"mark": 234}}}}""";

	private static HttpProvider provider;

	@BeforeAll
	static void start() {
		provider = HttpProvider.start("dora.server.control.enabled=true", "dora.server.max-frame-length=16KB");
	}

	@AfterAll
	static void stop() {
		provider.close();
	}

	@Test
	void multisyncWithFormFieldRunsEveryEntryAndAnswersThemKeyed() throws Exception {
		String guid = "0123456789abcdef0123456789abcdef";
		Reply reply = provider.postForm("/api/multisync", Map.of("params", TWO_USERS.formatted(guid)));
		assertThat(reply.status()).isEqualTo(200);
		assertThat(reply.contentType()).isEqualTo("application/json");
		assertThat(reply.code()).isZero();
		assertThat(reply.msg()).isEqualTo("OK");
		assertThat(reply.guid()).isEqualTo(guid);
		JsonNode user = reply.result("u7");
		assertThat(user.get("guid").asString()).isEqualTo(guid);
		assertThat(user.get("code").asInt()).isZero();
		assertThat(user.get("data").get("name").asString()).isEqualTo("user-7");
		assertThat(reply.result("echo").get("data").get("mark").asInt()).isEqualTo(234);
	}

	@Test
	void multisyncAcceptsTheSameRequestAsAJsonBody() throws Exception {
		Reply reply = provider.postJson("/api/multisync", TWO_USERS.formatted("json-body-guid"));
		assertThat(reply.status()).isEqualTo(200);
		assertThat(reply.contentType()).isEqualTo("application/json");
		assertThat(reply.guid()).isEqualTo("json-body-guid");
		assertThat(reply.result("u7").get("data").get("id").asInt()).isEqualTo(7);
	}

	@Test
	void multisyncAcceptsAMultipartForm() throws Exception {
		// What PHP's curl sends when CURLOPT_POSTFIELDS is an array.
		String boundary = "doraBoundary42";
		String body = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"params\"\r\n\r\n"
				+ TWO_USERS.formatted("multipart-guid") + "\r\n--" + boundary
				+ "\r\nContent-Disposition: form-data; name=\"guid\"\r\n\r\nmultipart-guid\r\n--" + boundary + "--\r\n";
		Reply reply = provider.post("/api/multisync", "multipart/form-data; boundary=" + boundary,
				BodyPublishers.ofString(body, StandardCharsets.UTF_8));
		assertThat(reply.code()).isZero();
		assertThat(reply.guid()).isEqualTo("multipart-guid");
		assertThat(reply.result("u7").get("data").get("name").asString()).isEqualTo("user-7");
	}

	@Test
	void guidIsTakenFromTheFormFieldOrGeneratedWhenTheRequestHasNone() throws Exception {
		String noGuid = """
				{"api": {"a": {"name": "/echo", "param": "x"}}}""";
		Reply fromField = provider.postForm("/api/multisync", Map.of("params", noGuid, "guid", "field-guid"));
		assertThat(fromField.guid()).isEqualTo("field-guid");
		assertThat(fromField.result("a").get("guid").asString()).isEqualTo("field-guid");
		Reply generated = provider.postForm("/api/multisync", Map.of("params", noGuid));
		assertThat(generated.code()).isZero();
		assertThat(generated.guid()).matches("[0-9a-f]{32}");
		Reply bodyWins = provider.postForm("/api/multisync",
				Map.of("params", TWO_USERS.formatted("body-guid"), "guid", "field-guid"));
		assertThat(bodyWins.guid()).isEqualTo("body-guid");
	}

	@Test
	void aSingleKeyNamedOneIsStillAnsweredKeyed() throws Exception {
		Reply reply = provider.postJson("/api/multisync", """
				{"api": {"one": {"name": "/echo", "param": "only"}}}""");
		assertThat(reply.result("one").get("data").asString()).isEqualTo("only");
	}

	@Test
	void formEncodingAndNonAsciiSurviveTheRoundTrip() throws Exception {
		String text = "a b+c%d&e=f \"quoted\" héllo 你好";
		String params = provider.json().writeValueAsString(Map.of("api", Map.of("t", Map.of("name", "/echo",
				"param", text))));
		assertThat(provider.postForm("/api/multisync", Map.of("params", params)).result("t").get("data").asString())
			.isEqualTo(text);
		assertThat(provider.postJson("/api/multisync", params).result("t").get("data").asString()).isEqualTo(text);
	}

	@Test
	void entriesFailOnTheirOwnWithTheirOwnCodes() throws Exception {
		Reply reply = provider.postJson("/api/multisync", """
				{"api": {
					"missing": {"name": "/no/such/api", "param": null},
					"coded": {"name": "/fail/coded"},
					"boom": {"name": "/fail/boom"},
					"badParam": {"name": "/user/get", "param": {"id": "not a number"}},
					"noName": {"param": 1},
					"ok": {"name": "/echo", "param": 1}}}""");
		assertThat(reply.status()).isEqualTo(200);
		assertThat(reply.code()).isZero();
		assertThat(reply.result("missing").get("code").asInt()).isEqualTo(DoraCodes.API_NOT_FOUND);
		assertThat(reply.result("coded").get("code").asInt()).isEqualTo(4242);
		assertThat(reply.result("coded").get("msg").asString()).isEqualTo("custom failure");
		assertThat(reply.result("boom").get("code").asInt()).isEqualTo(DoraCodes.HANDLER_ERROR);
		assertThat(reply.result("boom").get("msg").asString()).doesNotContain("secret", "IllegalStateException");
		assertThat(reply.result("badParam").get("code").asInt()).isEqualTo(DoraCodes.BAD_PARAMETER);
		assertThat(reply.result("noName").get("code").asInt()).isEqualTo(DoraCodes.BAD_PARAMETER);
		assertThat(reply.result("ok").get("code").asInt()).isZero();
	}

	@Test
	void missingParamsIs100003AsInTheOriginal() throws Exception {
		assertOriginalError(provider.postForm("/api/multisync", Map.of("guid", "g")), DoraCodes.API_EMPTY, "params");
		assertOriginalError(provider.postForm("/api/multisync", Map.of("params", " ")), DoraCodes.API_EMPTY, "params");
		assertOriginalError(provider.postJson("/api/multisync", ""), DoraCodes.API_EMPTY, "empty");
		assertOriginalError(provider.post("/api/multisync", null, BodyPublishers.noBody()), DoraCodes.API_EMPTY,
				"empty");
	}

	@Test
	void paramsThatAreNotAnEnvelopeAre100004AsInTheOriginal() throws Exception {
		assertOriginalError(provider.postForm("/api/multisync", Map.of("params", "{not json")),
				DoraCodes.BAD_PARAMETER, "not valid JSON");
		assertOriginalError(provider.postJson("/api/multisync", "{\"api\": {\"a\": "), DoraCodes.BAD_PARAMETER,
				"not valid JSON");
		assertOriginalError(provider.post("/api/multisync", "text/plain", BodyPublishers.ofString("params={}")),
				DoraCodes.BAD_PARAMETER, "looks like a form");
		assertOriginalError(provider.postJson("/api/multisync", "[1, 2]"), DoraCodes.BAD_PARAMETER,
				"not a JSON object");
		assertOriginalError(provider.postJson("/api/multisync", "{\"guid\": \"g\"}"), DoraCodes.BAD_PARAMETER,
				"no api entries");
		assertOriginalError(provider.postJson("/api/multisync", "{\"guid\": \"g\", \"api\": {}}"),
				DoraCodes.BAD_PARAMETER, "no api entries");
		assertOriginalError(provider.postJson("/api/multisync", "{\"api\": \"/echo\"}"), DoraCodes.BAD_PARAMETER,
				"no api entries");
		assertOriginalError(provider.postJson("/api/multisync", "{\"api\": {\"a\": \"/echo\"}}"),
				DoraCodes.BAD_PARAMETER, "");
		assertOriginalError(provider.postJson("/api/multinoresult", "{\"api\": {}}"), DoraCodes.BAD_PARAMETER,
				"no api entries");
	}

	@Test
	void aTypeThatContradictsThePathIs100002() throws Exception {
		Reply reply = provider.postJson("/api/multisync", """
				{"type": "AN_M", "api": {"a": {"name": "/echo", "param": 1}}}""");
		assertOriginalError(reply, DoraCodes.UNKNOWN_TYPE, "AN_M");
	}

	@Test
	void unknownPathsUnderTheDoraPrefixesAre100002() throws Exception {
		assertOriginalError(provider.postJson("/api/nosuch", TWO_USERS.formatted("g")), DoraCodes.UNKNOWN_TYPE,
				"/api/nosuch");
		assertOriginalError(provider.postForm("/server/other", Map.of("params", "{}")), DoraCodes.UNKNOWN_TYPE,
				"/server/other");
		Reply get = provider.send(HttpRequest.newBuilder(provider.uri("/api/multisync")).GET().build());
		assertOriginalError(get, DoraCodes.UNKNOWN_TYPE, "GET /api/multisync");
	}

	@Test
	void trailingSlashIsTheSamePathAsInTheOriginal() throws Exception {
		Reply reply = provider.postJson("/api/multisync/", TWO_USERS.formatted("slash"));
		assertThat(reply.code()).isZero();
		assertThat(reply.guid()).isEqualTo("slash");
	}

	@Test
	void multinoresultAnswers100001AndRunsTheWork() throws Exception {
		String key = "noresult-" + System.nanoTime();
		Reply reply = provider.postForm("/api/multinoresult", Map.of("params", """
				{"guid": "nr", "api": {"a": {"name": "/count", "param": "%s"}, "b": {"name": "/count", "param": "%s"}}}"""
			.formatted(key, key)));
		assertThat(reply.status()).isEqualTo(200);
		assertThat(reply.contentType()).isEqualTo("application/json");
		assertThat(reply.code()).isEqualTo(DoraCodes.ACCEPTED);
		assertThat(reply.guid()).isEqualTo("nr");
		assertThat(reply.body().get("data").isNull()).isTrue();
		TestHandlers handlers = provider.handlers();
		Await.until("both entries executed", () -> handlers.executions.getOrDefault(key, new AtomicInteger()).get() == 2);
	}

	@Test
	void controlCommandsNeedAnAuthenticatedCaller() throws Exception {
		Reply stat = provider.postForm("/server/cmd",
				Map.of("params", "{\"guid\": \"c1\", \"api\": {\"cmd\": {\"name\": \"getStat\", \"param\": []}}}"));
		assertThat(stat.status()).isEqualTo(200);
		assertOriginalError(stat, DoraCodes.COMMAND_DENIED, "signed request");
		assertThat(stat.guid()).isEqualTo("c1");
		assertOriginalError(provider.postJson("/server/cmd", "{\"api\": {}}"), DoraCodes.BAD_PARAMETER,
				"no api entries");
	}

	@Test
	void bodyLargerThanTheFrameLimitIs100016And413WhetherDeclaredOrChunked() throws Exception {
		String big = "x".repeat(20 * 1024);
		String params = "{\"api\": {\"a\": {\"name\": \"/echo\", \"param\": \"" + big + "\"}}}";
		// Refused before the body is read to its end, so even the original paths answer 413: the connection closes
		// instead of the rest of the body being drained.
		assertRefusedUnread(provider.postJson("/api/multisync", params), 413, DoraCodes.FRAME_TOO_LARGE,
				"dora.server.max-frame-length");
		assertRefusedUnread(provider.postForm("/api/multisync", Map.of("params", params)), 413,
				DoraCodes.FRAME_TOO_LARGE, "16384");
		// No Content-Length: the limit is enforced while reading.
		Reply chunked = provider.postChunked("/api/multisync", "application/json",
				params.getBytes(StandardCharsets.UTF_8));
		assertRefusedUnread(chunked, 413, DoraCodes.FRAME_TOO_LARGE, "16384");
		Reply call = provider.postChunked("/call/echo", "application/json",
				("\"" + big + "\"").getBytes(StandardCharsets.UTF_8));
		assertThat(call.status()).isEqualTo(413);
		assertThat(call.code()).isEqualTo(DoraCodes.FRAME_TOO_LARGE);
		// The provider keeps serving, on a new connection, and a body just under the limit is served.
		String fits = "y".repeat(15 * 1024);
		assertThat(provider.postJson("/call/echo", "\"" + fits + "\"").result(null).get("data").asString())
			.isEqualTo(fits);
		Reply chunkedFits = provider.postChunked("/call/echo", "application/json",
				("\"" + fits + "\"").getBytes(StandardCharsets.UTF_8));
		assertThat(chunkedFits.result(null).get("data").asString()).isEqualTo(fits);
	}

	@Test
	void declaredOversizeIsRefusedBeforeTheBodyIsSent() throws Exception {
		int port = provider.uri("/").getPort();
		try (Socket socket = new Socket("127.0.0.1", port)) {
			socket.setSoTimeout(10_000);
			String head = "POST /call/echo HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
					+ "Content-Length: 100000000\r\n\r\n";
			socket.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
			socket.getOutputStream().flush();
			// Not one byte of the body is sent: the answer comes from the declared length alone.
			BufferedReader reader = new BufferedReader(
					new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
			assertThat(reader.readLine()).startsWith("HTTP/1.1 413");
			String line;
			while ((line = reader.readLine()) != null && !line.isEmpty()) {
				// headers
			}
			StringBuilder rest = new StringBuilder();
			char[] buffer = new char[1024];
			int read;
			while (rest.indexOf("}") < 0 && (read = reader.read(buffer)) > 0) {
				rest.append(buffer, 0, read);
			}
			assertThat(rest).contains("\"code\":" + DoraCodes.FRAME_TOO_LARGE);
		}
	}

	@Test
	void multiCallAnswersAtItsDeadlineWithWhatHasFinished() throws Exception {
		TestHandlers handlers = provider.handlers();
		handlers.close(1);
		try {
			Reply reply = provider.postJson("/api/multisync", """
					{"api": {"slow": {"name": "/wait", "param": "s"}, "fast": {"name": "/echo", "param": "f"}}}""",
					DoraHttpController.TIMEOUT_HEADER, "400");
			assertThat(reply.status()).isEqualTo(200);
			assertThat(reply.code()).isZero();
			assertThat(reply.result("fast").get("data").asString()).isEqualTo("f");
			assertThat(reply.result("slow").get("code").asInt()).isEqualTo(DoraCodes.DEADLINE_EXCEEDED);
		}
		finally {
			handlers.open();
		}
	}

	@Test
	void invalidTimeoutHeaderIs100004() throws Exception {
		assertOriginalError(provider.postJson("/api/multisync", TWO_USERS.formatted("t"),
				DoraHttpController.TIMEOUT_HEADER, "soon"), DoraCodes.BAD_PARAMETER, "X-Dora-Timeout");
		Reply call = provider.postJson("/call/echo", "1", DoraHttpController.TIMEOUT_HEADER, "-5");
		assertThat(call.status()).isEqualTo(400);
		assertThat(call.code()).isEqualTo(DoraCodes.BAD_PARAMETER);
	}

	@Test
	void callAnswersTheSingleCallEnvelopeWith200() throws Exception {
		Reply reply = provider.postJson("/call/user/get", "{\"id\": 7}");
		assertThat(reply.status()).isEqualTo(200);
		assertThat(reply.contentType()).isEqualTo("application/json");
		assertThat(reply.code()).isZero();
		assertThat(reply.guid()).matches("[0-9a-f]{32}");
		JsonNode result = reply.result(null);
		assertThat(result.get("guid").asString()).isEqualTo(reply.guid());
		assertThat(result.get("code").asInt()).isZero();
		assertThat(result.get("data").get("name").asString()).isEqualTo("user-7");
		assertThat(provider.postJson("/call/user/17", "").result(null).get("data").asString()).isEqualTo("user 17");
		assertThat(provider.post("/call/module_a/abc", null, BodyPublishers.noBody()).result(null).get("data")
			.asString()).isEqualTo("exact /module_a/abc");
	}

	@Test
	void callStatusFollowsTheOutcomeClass() throws Exception {
		assertCall(provider.postJson("/call/no/such/api", "{}"), 404, DoraCodes.API_NOT_FOUND);
		assertCall(provider.postJson("/call/user/get", "{\"id\": \"x\"}"), 400, DoraCodes.BAD_PARAMETER);
		assertCall(provider.postJson("/call/fail/coded", "null"), 422, 4242);
		assertCall(provider.postJson("/call/fail/boom", "null"), 500, DoraCodes.HANDLER_ERROR);
		Reply malformed = provider.postJson("/call/echo", "{not json");
		assertThat(malformed.status()).isEqualTo(400);
		assertThat(malformed.code()).isEqualTo(DoraCodes.MALFORMED);
		assertThat(malformed.guid()).matches("[0-9a-f]{32}");
		Reply noApi = provider.postJson("/call", "1");
		assertThat(noApi.status()).isEqualTo(400);
		assertThat(noApi.code()).isEqualTo(DoraCodes.API_EMPTY);
		assertThat(provider.postJson("/call/", "1").code()).isEqualTo(DoraCodes.API_EMPTY);
	}

	@Test
	void callThatMissesItsDeadlineIs504() throws Exception {
		TestHandlers handlers = provider.handlers();
		handlers.close(1);
		try {
			Reply reply = provider.postJson("/call/wait", "\"late\"", DoraHttpController.TIMEOUT_HEADER, "300");
			assertThat(reply.status()).isEqualTo(504);
			assertThat(reply.contentType()).isEqualTo("application/json");
			assertThat(reply.code()).isEqualTo(DoraCodes.DEADLINE_EXCEEDED);
			assertThat(reply.guid()).matches("[0-9a-f]{32}");
		}
		finally {
			handlers.open();
		}
	}

	@Test
	void keepAliveServesSeveralRequestsOnOneConnection() throws Exception {
		HttpProvider client = provider.withNewClient();
		Reply first = client.postJson("/call/http/peer", "");
		Reply second = client.postForm("/api/multisync",
				Map.of("params", "{\"api\": {\"p\": {\"name\": \"/http/peer\"}}}"));
		// A handler's own refusal (422) keeps the connection; Tomcat would close it after a 500.
		assertThat(client.postJson("/call/fail/coded", "").status()).isEqualTo(422);
		Reply third = client.postJson("/call/http/peer", "");
		String peer = first.result(null).get("data").asString();
		assertThat(peer).startsWith("http 127.0.0.1:");
		assertThat(second.result("p").get("data").asString()).isEqualTo(peer);
		assertThat(third.result(null).get("data").asString()).isEqualTo(peer);
		assertThat(third.response().headers().firstValue("Connection")).isNotEqualTo(Optional.of("close"));
	}

	private static void assertOriginalError(Reply reply, int code, String message) {
		assertThat(reply.status()).as("HTTP status").isEqualTo(200);
		assertThat(reply.contentType()).isEqualTo("application/json");
		assertThat(reply.code()).as("code of %s", reply.body()).isEqualTo(code);
		assertThat(reply.msg()).contains(message);
		assertThat(reply.body().get("data").isNull()).isTrue();
	}

	static void assertRefusedUnread(Reply reply, int status, int code, String message) {
		assertThat(reply.status()).as("HTTP status of %s", reply.body()).isEqualTo(status);
		assertThat(reply.contentType()).isEqualTo("application/json");
		assertThat(reply.code()).isEqualTo(code);
		assertThat(reply.msg()).contains(message);
		assertThat(reply.response().headers().firstValue("Connection")).hasValue("close");
	}

	private static void assertCall(Reply reply, int status, int code) {
		assertThat(reply.status()).as("HTTP status of %s", reply.body()).isEqualTo(status);
		assertThat(reply.contentType()).isEqualTo("application/json");
		assertThat(reply.code()).isZero();
		assertThat(reply.result(null).get("code").asInt()).isEqualTo(code);
	}


}
