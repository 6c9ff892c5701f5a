package io.dora.bench.soak;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

import io.dora.bench.core.BenchData;
import io.dora.bench.core.Page;
import io.dora.bench.core.User;
import io.dora.client.DoraAsyncCall;
import io.dora.client.DoraMultiCall;
import io.dora.client.DoraMultiResult;
import io.dora.client.DoraOperations;

/**
 * The calls a soak makes, every call mode over TCP and HTTP, each checking its own result. A call that fails or
 * returns the wrong data throws; the soak counts that as an error.
 */
final class SoakMix {

	/** Share of each kind of call, in tenths: sync, multi, send, submit, HTTP /call, HTTP multisync. */
	private static final int[] WEIGHTS = { 4, 1, 1, 2, 1, 1 };

	private static final int TOTAL_WEIGHT = 10;

	private final DoraOperations dora;

	private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

	private final String httpBase;

	private final AtomicLong sequence = new AtomicLong();

	private final LongAdder sent = new LongAdder();

	private final SoakAsyncResults asyncResults;

	SoakMix(DoraOperations dora, int httpPort, SoakAsyncResults asyncResults) {
		this.dora = dora;
		this.httpBase = "http://127.0.0.1:" + httpPort;
		this.asyncResults = asyncResults;
	}

	/** Fire-and-forget calls acknowledged so far; the provider must have run exactly as many. */
	long sent() {
		return this.sent.sum();
	}

	/** Makes the next call of the mix. */
	void next() throws IOException, InterruptedException {
		long n = this.sequence.getAndIncrement();
		int slot = (int) Math.floorMod(n, TOTAL_WEIGHT);
		int kind = 0;
		while (slot >= WEIGHTS[kind]) {
			slot -= WEIGHTS[kind];
			kind++;
		}
		switch (kind) {
			case 0 -> sync(n);
			case 1 -> multi(n);
			case 2 -> send(n);
			case 3 -> submit(n);
			case 4 -> httpCall(n);
			default -> httpMulti(n);
		}
	}

	private void sync(long id) {
		check(this.dora.call("/soak/user/get", id, User.class).getId() == id, "getUser " + id);
	}

	private void multi(long n) {
		DoraMultiCall multi = this.dora.multi();
		DoraMultiCall.Key<User> user = multi.add("user", "/soak/user/get", n, User.class);
		DoraMultiCall.Key<Page> page = multi.add("page", "/soak/user/list", (int) (n % 50), Page.class);
		DoraMultiCall.Key<Boolean> exists = multi.add("exists", "/soak/user/exist", "u" + n + "@dora.test", Boolean.class);
		DoraMultiResult result = multi.execute();
		check(result.get(user).getId() == n && result.get(page).getResult().size() == 15 && result.get(exists),
				"multi " + n);
	}

	private void send(long n) {
		this.dora.send("/soak/notify", BenchData.user(n));
		this.sent.increment();
	}

	private void submit(long id) {
		DoraAsyncCall<User> call = this.dora.submit("/soak/user/get", id, User.class);
		this.asyncResults.expect(call.getGuid(), id);
	}

	private void httpCall(long id) throws IOException, InterruptedException {
		HttpResponse<String> response = post("/call/soak/user/get", "application/json", Long.toString(id));
		check(response.statusCode() == 200 && response.body().contains("\"id\":" + id + ","), "HTTP /call " + id);
	}

	private void httpMulti(long n) throws IOException, InterruptedException {
		String params = "{\"api\":{\"a\":{\"name\":\"/soak/user/get\",\"param\":" + n + "},"
				+ "\"b\":{\"name\":\"/soak/user/exist\",\"param\":\"u" + n + "@dora.test\"}}}";
		HttpResponse<String> response = post("/api/multisync", "application/x-www-form-urlencoded",
				"params=" + URLEncoder.encode(params, StandardCharsets.UTF_8));
		check(response.statusCode() == 200 && response.body().startsWith("{\"guid\"")
				&& response.body().contains("\"code\":0,\"msg\":\"OK\",\"data\":{\"a\"")
				&& response.body().contains("\"id\":" + n + ",") && !response.body().contains("\"code\":1"),
				"HTTP multisync " + n);
	}

	private HttpResponse<String> post(String path, String contentType, String body)
			throws IOException, InterruptedException {
		HttpRequest request = HttpRequest.newBuilder(URI.create(this.httpBase + path))
			.timeout(Duration.ofSeconds(10))
			.header("Content-Type", contentType)
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.build();
		return this.http.send(request, HttpResponse.BodyHandlers.ofString());
	}

	private static void check(boolean ok, String what) {
		if (!ok) {
			throw new IllegalStateException("wrong result: " + what);
		}
	}

	/** What the mix's weights are, for the report. */
	static Map<String, Integer> weights() {
		Map<String, Integer> weights = new LinkedHashMap<>();
		weights.put("TCP sync getUser", WEIGHTS[0] * 10);
		weights.put("TCP multi (3 APIs)", WEIGHTS[1] * 10);
		weights.put("TCP fire-and-forget", WEIGHTS[2] * 10);
		weights.put("TCP async, collected later", WEIGHTS[3] * 10);
		weights.put("HTTP /call", WEIGHTS[4] * 10);
		weights.put("HTTP /api/multisync", WEIGHTS[5] * 10);
		return weights;
	}

}
