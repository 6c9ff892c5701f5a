package io.dora.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.dora.client.DoraTemplate;
import io.dora.protocol.DoraCodes;
import io.dora.test.DoraTestContexts;
import io.dora.test.HeapHistogram;
import io.dora.test.ProviderProcess;
import io.dora.test.SlowHttpClients;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hostile HTTP clients without credentials against providers in their own JVMs with a 256 MB heap and their default
 * limits: 300 uploads that declare 2 MB, send 5 bytes and stall, and 100 connections that never finish their
 * headers, held for 25 s and reopened whenever the provider closes them. One provider runs unsigned, one with
 * request signing, and both are attacked at once. Neither may throw an {@link OutOfMemoryError}; afterwards each
 * answers well-behaved HTTP and TCP calls within 2 s, with its heap after a full GC back within 10 % of what it was
 * before. Hostile bodies (100 000 levels deep, an overflowing exponent, 100 MB declared or chunked) get their
 * documented codes.
 */
class HostileHttpTests {

	private static final String SECRET = "hostile-http-secret-0123456789";

	private static final String AUDIENCE = "hostile";

	private static final Duration ATTACK = Duration.ofSeconds(25);

	/** Longer than the body read timeout (10 s by default), so that every path of the attack has run once. */
	private static final Duration WARM_UP_ATTACK = Duration.ofSeconds(12);

	private static final int STALLED_UPLOADS = 300;

	/** Tomcat's default server.tomcat.threads.max. */
	private static final int TOMCAT_MAX_THREADS = 200;

	private static final int SLOW_HEADERS = 100;

	private static final int DECLARED_UPLOAD = 2_000_000;

	private static final Duration WELL_BEHAVED_TIMEOUT = Duration.ofSeconds(2);

	private static Target open;

	private static Target signed;

	private final JsonMapper json = JsonMapper.builder().build();

	@BeforeAll
	static void startProviders() throws Exception {
		CompletableFuture<ProviderProcess> unsignedProcess = startAsync("hostile-http-open", List.of());
		CompletableFuture<ProviderProcess> signedProcess = startAsync("hostile-http-signed",
				List.of("dora.security.keys.k1=" + SECRET, "dora.security.audiences=" + AUDIENCE));
		open = new Target(unsignedProcess.get(90, TimeUnit.SECONDS), false);
		signed = new Target(signedProcess.get(90, TimeUnit.SECONDS), true);
	}

	@AfterAll
	static void stopProviders() {
		for (Target target : new Target[] { open, signed }) {
			if (target != null) {
				target.process.close();
			}
		}
	}

	/**
	 * The heap is compared after Tomcat's thread pool and its caches of request processors and buffers have grown to
	 * their maximum (stalled small uploads on every thread) and after a first, shorter round of the same attack: a
	 * burst of connections grows them, and they keep their size. What the check looks for is what the attack leaves
	 * behind beyond that.
	 */
	@Test
	void stalledUploadsAndSlowHeadersCannotTakeAProviderDownSignedOrNot() throws Exception {
		for (Target target : List.of(open, signed)) {
			target.warmUp();
		}
		warmUpAttack();
		for (Target target : List.of(open, signed)) {
			target.heapBefore = HeapHistogram.of(target.process.pid());
		}
		attackBoth(ATTACK);
		for (Target target : List.of(open, signed)) {
			String report = target + ": " + target.report + "\n" + target.process.output();
			assertThat(target.process.isAlive()).as(report).isTrue();
			assertThat(target.process.output()).as(report).doesNotContain("OutOfMemoryError");
			// Uploads beyond the shared body budget were refused at once, unread; the rest cut at the read timeout.
			assertThat(target.report.statuses()).as(report)
				.containsKey("HTTP/1.1 503 ")
				.containsKey("HTTP/1.1 408 ");
			target.assertAnswersWellBehavedCallsWithin(WELL_BEHAVED_TIMEOUT);
			HeapHistogram after = HeapHistogram.of(target.process.pid());
			System.out.printf("%s: %s; heap after GC before the attack %s, after %s%n", target, target.report,
					target.heapBefore, after);
			assertThat(after.totalBytes()).as("heap after GC: before %s, after %s; growth:%s%n%s", target.heapBefore,
					after, after.growthSince(target.heapBefore, 10), report)
				.isLessThanOrEqualTo(target.heapBefore.totalBytes() * 11 / 10);
		}
	}

	@Test
	void hostileBodiesGetTheirDocumentedCodes() throws Exception {
		for (Target target : List.of(open, signed)) {
			String deep = "[".repeat(100_000) + "]".repeat(100_000);
			Reply deepCall = target.post("/call/echo", deep);
			assertThat(deepCall.status()).as(target + " " + deepCall).isEqualTo(400);
			assertThat(deepCall.code()).isEqualTo(DoraCodes.MALFORMED);
			assertThat(deepCall.msg()).contains("nested").doesNotContain("StreamReadConstraints").doesNotContain("`");
			Reply deepMulti = target.post("/api/multisync",
					"{\"api\": {\"a\": {\"name\": \"/echo\", \"param\": " + deep + "}}}");
			assertThat(deepMulti.code()).as(target + " " + deepMulti).isEqualTo(DoraCodes.BAD_PARAMETER);
			assertThat(deepMulti.msg()).doesNotContain("StreamReadConstraints");

			Reply overflow = target.post("/call/echo", "{\"n\": 1e999999999}");
			assertThat(overflow.status()).as(target + " " + overflow).isEqualTo(400);
			assertThat(overflow.code()).isEqualTo(DoraCodes.BAD_PARAMETER);
			assertThat(overflow.msg()).contains("finite");
			Reply overflowMulti = target.post("/api/multisync",
					"{\"api\": {\"a\": {\"name\": \"/echo\", \"param\": {\"n\": -1e999999999}}}}");
			assertThat(overflowMulti.code()).as(target + " " + overflowMulti).isEqualTo(DoraCodes.BAD_PARAMETER);

			RawReply declared = hugeBody(target.process.httpPort(), false);
			assertThat(declared.status()).as(target + " " + declared).isEqualTo(413);
			assertThat(declared.body()).contains("\"code\":" + DoraCodes.FRAME_TOO_LARGE);
			RawReply chunked = hugeBody(target.process.httpPort(), true);
			assertThat(chunked.status()).as(target + " " + chunked).isEqualTo(413);
			assertThat(chunked.body()).contains("\"code\":" + DoraCodes.FRAME_TOO_LARGE);
		}
	}

	private static void attackBoth(Duration duration) throws Exception {
		ExecutorService attackers = Executors.newFixedThreadPool(2);
		try {
			Future<SlowHttpClients.Report> onOpen = attackers.submit(() -> attack(open, duration));
			Future<SlowHttpClients.Report> onSigned = attackers.submit(() -> attack(signed, duration));
			open.report = onOpen.get(duration.toSeconds() + 60, TimeUnit.SECONDS);
			signed.report = onSigned.get(duration.toSeconds() + 60, TimeUnit.SECONDS);
		}
		finally {
			attackers.shutdownNow();
		}
	}

	/**
	 * A first, shorter round of the attack, and meanwhile uploads small enough to fit the body budget, stalled: each
	 * holds a Tomcat thread until the body read timeout, so Tomcat's thread pool and its caches of request processors
	 * grow to their maximum, which the attack's bursts of reconnections would otherwise reach only in part, and to a
	 * different part each time.
	 */
	private static void warmUpAttack() throws Exception {
		ExecutorService clients = Executors.newFixedThreadPool(4);
		try {
			List<Future<SlowHttpClients.Report>> runs = new ArrayList<>();
			for (Target target : List.of(open, signed)) {
				runs.add(clients.submit(() -> attack(target, WARM_UP_ATTACK)));
				runs.add(clients.submit(() -> new SlowHttpClients(target.process.httpPort(), "/api/multisync", 16)
					.run(TOMCAT_MAX_THREADS + 50, 0, WARM_UP_ATTACK)));
			}
			for (Future<SlowHttpClients.Report> run : runs) {
				run.get(WARM_UP_ATTACK.toSeconds() + 60, TimeUnit.SECONDS);
			}
		}
		finally {
			clients.shutdownNow();
		}
	}

	private static SlowHttpClients.Report attack(Target target, Duration duration) throws IOException {
		return new SlowHttpClients(target.process.httpPort(), "/api/multisync", DECLARED_UPLOAD).run(STALLED_UPLOADS,
				SLOW_HEADERS, duration);
	}

	private static CompletableFuture<ProviderProcess> startAsync(String name, List<String> extra) {
		List<String> properties = new ArrayList<>(List.of(ProviderProcess.WEB_PROPERTY + "=true", "server.port=0",
				"server.address=127.0.0.1", "dora.server.port=0", "dora.server.address=127.0.0.1",
				"dora.registry.enabled=false", "spring.main.banner-mode=off", "test.provider.name=" + name));
		properties.addAll(extra);
		return CompletableFuture.supplyAsync(() -> {
			try {
				return ProviderProcess.start(name, properties);
			}
			catch (IOException ex) {
				throw new IllegalStateException(ex);
			}
		});
	}

	/**
	 * A body of 100 MB, declared or chunked, written while the reply is read: the provider answers before it has
	 * read the body, and closes the connection.
	 */
	private static RawReply hugeBody(int port, boolean chunked) throws Exception {
		try (Socket socket = new Socket("127.0.0.1", port)) {
			socket.setSoTimeout(20_000);
			CompletableFuture<String> reply = CompletableFuture.supplyAsync(() -> readAll(socket));
			OutputStream out = socket.getOutputStream();
			long total = 100L * 1024 * 1024;
			String framing = chunked ? "Transfer-Encoding: chunked" : "Content-Length: " + total;
			out.write(("POST /call/echo HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n" + framing
					+ "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
			byte[] chunk = new byte[64 * 1024];
			java.util.Arrays.fill(chunk, (byte) '1');
			try {
				for (long sent = 0; sent < total && !reply.isDone(); sent += chunk.length) {
					if (chunked) {
						out.write((Integer.toHexString(chunk.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
					}
					out.write(chunk);
					if (chunked) {
						out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
					}
				}
			}
			catch (IOException ex) {
				// The provider closed the connection, as it should; its reply is already on its way.
			}
			String text = reply.get(20, TimeUnit.SECONDS);
			int status = Integer.parseInt(text.substring(9, 12));
			return new RawReply(status, text.substring(Math.max(0, text.indexOf("\r\n\r\n"))));
		}
	}

	private static String readAll(Socket socket) {
		try {
			InputStream in = socket.getInputStream();
			return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
		}
		catch (IOException ex) {
			return "HTTP/1.1 000 " + ex;
		}
	}

	record RawReply(int status, String body) {

	}

	record Reply(int status, JsonNode body) {

		int code() {
			return this.body.path("code").asInt();
		}

		String msg() {
			return this.body.path("msg").asString();
		}

	}

	/** One provider under attack, and the well-behaved clients that call it. */
	private static final class Target {

		private final ProviderProcess process;

		private final boolean signs;

		private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

		private HeapHistogram heapBefore;

		private SlowHttpClients.Report report;

		Target(ProviderProcess process, boolean signs) {
			this.process = process;
			this.signs = signs;
		}

		/** Calls over HTTP and TCP until the code paths are compiled and the pools filled. */
		void warmUp() throws Exception {
			for (int i = 0; i < 50; i++) {
				assertThat(post("/call/echo", "\"warm-up " + i + "\"").status()).isEqualTo(200);
			}
			consumer().run((context) -> {
				DoraTemplate dora = context.getBean(DoraTemplate.class).withAddress(this.process.endpoint());
				for (int i = 0; i < 50; i++) {
					assertThat(dora.call("/echo", "warm-up " + i, String.class)).isEqualTo("warm-up " + i);
				}
			});
		}

		void assertAnswersWellBehavedCallsWithin(Duration timeout) throws Exception {
			Reply http = post("/call/echo", "\"after the attack\"", timeout);
			assertThat(http.status()).as(this + " HTTP " + http).isEqualTo(200);
			assertThat(http.body().path("data").path("data").asString()).isEqualTo("after the attack");
			consumer().run((context) -> {
				DoraTemplate dora = context.getBean(DoraTemplate.class)
					.withAddress(this.process.endpoint())
					.withTimeout(timeout);
				assertThat(dora.call("/echo", "after the attack", String.class)).isEqualTo("after the attack");
			});
		}

		Reply post(String path, String body) throws Exception {
			return post(path, body, Duration.ofSeconds(20));
		}

		Reply post(String path, String body, Duration timeout) throws Exception {
			byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
			HttpRequest.Builder request = HttpRequest
				.newBuilder(URI.create("http://127.0.0.1:" + this.process.httpPort() + path))
				.timeout(timeout)
				.header("Content-Type", "application/json")
				.POST(HttpRequest.BodyPublishers.ofByteArray(bytes));
			if (this.signs) {
				request.header("X-Dora-Signature", HttpSignatures.header(SECRET, "k1", AUDIENCE,
						System.currentTimeMillis(), path, null, "application/json", null, bytes));
			}
			HttpResponse<byte[]> response = this.http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
			return new Reply(response.statusCode(), JsonMapper.builder().build().readTree(response.body()));
		}

		private ApplicationContextRunner consumer() {
			ApplicationContextRunner runner = DoraTestContexts.runner();
			return this.signs ? runner.withPropertyValues("dora.security.keys.k1=" + SECRET) : runner;
		}

		@Override
		public String toString() {
			return this.process.name();
		}

	}

}
