package io.dora.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.dora.protocol.DoraCodes;
import io.dora.protocol.DoraJsonCodec;
import io.dora.protocol.FrameBufferBudget;
import io.dora.protocol.Guid;
import io.dora.test.RawDoraSocket;
import io.dora.test.RawFrames;
import io.dora.test.TestHandlers;
import io.dora.web.HttpProvider.Reply;
import org.apache.catalina.connector.Connector;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.tomcat.TomcatWebServer;
import org.springframework.boot.web.server.context.WebServerApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * HTTP bodies are read under a shared memory budget and a time limit: a body that does not fit is refused at once
 * with 100014, 503 and Retry-After, before it is read; a body that is still incomplete at the body read timeout is
 * cut with 408 (100007 when it kept trickling in); either way the connection is closed at once, without the rest of
 * the body being drained, and the provider serves the next caller. The budget, shared with TCP frames that do not
 * arrive in one piece, is given back when the request is answered.
 */
class HttpBodyLimitsTests {

	private static final Duration BODY_READ_TIMEOUT = Duration.ofMillis(800);

	private static final int BUDGET = 64 * 1024;

	private static final DoraJsonCodec CODEC = new DoraJsonCodec(JsonMapper.builder().build());

	private static HttpProvider provider;

	@BeforeAll
	static void start() {
		provider = HttpProvider.start("dora.server.http.body-read-timeout=" + BODY_READ_TIMEOUT.toMillis() + "ms",
				"dora.server.max-buffered-bytes=" + BUDGET + "B");
	}

	@AfterAll
	static void stop() {
		provider.close();
	}

	/**
	 * A body that stops arriving altogether is given up by Tomcat's own read timeout, which the starter sets to the
	 * body read timeout: Tomcat answers 408 itself, with the application's error document, and closes.
	 */
	@Test
	void aBodyThatStallsIsCutAfterTheReadTimeoutAndItsConnectionClosed() throws IOException {
		try (Socket socket = socket()) {
			long start = System.nanoTime();
			send(socket, headers("/api/multisync", "Content-Length: 100") + "{\"api\"");
			String reply = readToEnd(socket);
			Duration took = Duration.ofNanos(System.nanoTime() - start);
			assertThat(reply).startsWith("HTTP/1.1 408 ").containsIgnoringCase("Connection: close");
			assertThat(took).isBetween(BODY_READ_TIMEOUT.minusMillis(50), BODY_READ_TIMEOUT.plusSeconds(5));
		}
		assertServes();
	}

	@Test
	void aBodyThatTricklesIsCutAtTheReadTimeoutToo() throws Exception {
		try (Socket socket = socket()) {
			send(socket, headers("/call/echo", "Content-Length: 1000") + "\"");
			InputStream in = socket.getInputStream();
			socket.setSoTimeout(100);
			long deadline = System.nanoTime() + BODY_READ_TIMEOUT.plusSeconds(5).toNanos();
			StringBuilder reply = new StringBuilder();
			// One byte every 100 ms: never a pause as long as the read timeout, never the whole body.
			while (System.nanoTime() - deadline < 0 && reply.indexOf("\r\n\r\n") < 0) {
				try {
					socket.getOutputStream().write('x');
				}
				catch (IOException ex) {
					break;
				}
				try {
					int read = in.read();
					if (read < 0) {
						break;
					}
					reply.append((char) read);
				}
				catch (java.net.SocketTimeoutException ex) {
					// Nothing yet; send the next byte.
				}
			}
			// Dora's own answer, and the connection closed while the caller still trickles: not drained.
			reply.append(readToEndWhileSending(socket));
			assertThat(reply.toString()).startsWith("HTTP/1.1 408 ").contains("\"code\":" + DoraCodes.FRAME_TRUNCATED);
		}
		assertServes();
	}

	@Test
	void aBodyThatDoesNotFitTheBudgetIsRefusedUnreadAndTheBudgetIsGivenBack() throws Exception {
		FrameBufferBudget budget = provider.context().getBean(FrameBufferBudget.class);
		TestHandlers handlers = provider.handlers();
		handlers.close(1);
		// The first request takes most of the budget and keeps it until it is answered: its handler waits.
		String held = "\"" + "h".repeat(BUDGET - 1024 - 2) + "\"";
		CompletableFuture<Reply> holder = CompletableFuture.supplyAsync(() -> {
			try {
				return provider.withNewClient().postJson("/call/wait", held);
			}
			catch (Exception ex) {
				throw new IllegalStateException(ex);
			}
		});
		try (Socket refused = socket()) {
			assertThat(handlers.started.await(30, TimeUnit.SECONDS)).isTrue();
			assertThat(budget.reserved()).isEqualTo(BUDGET - 1024);
			send(refused, headers("/call/echo", "Content-Length: 4096") + "\"x");
			// Answered and closed while the caller still sends: the rest of the body is not drained.
			String reply = readToEndWhileSending(refused);
			assertThat(reply).startsWith("HTTP/1.1 503 ")
				.contains("Retry-After: 1")
				.contains("\"code\":" + DoraCodes.SERVER_BUSY)
				.contains("dora.server.max-buffered-bytes");
			assertTcpFramesShareTheBudget();
		}
		finally {
			handlers.open();
		}
		assertThat(holder.get(30, TimeUnit.SECONDS).status()).isEqualTo(200);
		assertThat(budget.reserved()).isZero();
		assertServes();
	}

	@Test
	void aChunkedBodyTakesItsShareAsItGrowsAndIsRefusedWhenTheBudgetRunsOut() throws IOException {
		byte[] body = ("\"" + "y".repeat(BUDGET * 2) + "\"").getBytes(StandardCharsets.UTF_8);
		try (Socket socket = socket()) {
			send(socket, headers("/call/echo", "Transfer-Encoding: chunked"));
			OutputStream out = socket.getOutputStream();
			try {
				for (int at = 0; at < body.length; at += 4096) {
					int length = Math.min(4096, body.length - at);
					out.write((Integer.toHexString(length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
					out.write(body, at, length);
					out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
				}
			}
			catch (IOException ex) {
				// Refused and closed before the body was all sent.
			}
			assertThat(readToEnd(socket)).startsWith("HTTP/1.1 503 ").contains("\"code\":" + DoraCodes.SERVER_BUSY);
		}
		assertThat(provider.context().getBean(FrameBufferBudget.class).reserved()).isZero();
		assertServes();
	}

	@Test
	void tomcatGivesUpOnABodyAfterTheSameTimeout() {
		TomcatWebServer server = (TomcatWebServer) ((WebServerApplicationContext) provider.context()).getWebServer();
		Connector connector = server.getTomcat().getConnector();
		assertThat(connector.getProperty("disableUploadTimeout")).isEqualTo(false);
		assertThat(connector.getProperty("connectionUploadTimeout")).isEqualTo((int) BODY_READ_TIMEOUT.toMillis());
	}

	/** A TCP frame that does not arrive in one piece needs the same budget, which the HTTP upload holds. */
	private static void assertTcpFramesShareTheBudget() throws IOException {
		byte[] frame = RawFrames.call(Guid.random(),
				"{\"api\": {\"one\": {\"name\": \"/echo\", \"param\": \"" + "z".repeat(8192) + "\"}}}");
		try (RawDoraSocket tcp = new RawDoraSocket(provider.tcpPort())) {
			tcp.send(Arrays.copyOf(frame, 1024));
			assertThat(CODEC.readResponse(tcp.read().body()).code()).isEqualTo(DoraCodes.SERVER_BUSY);
			tcp.send(Arrays.copyOfRange(frame, 1024, frame.length));
		}
	}

	private static void assertServes() {
		try {
			Reply reply = provider.withNewClient().postJson("/call/echo", "\"still serving\"");
			assertThat(reply.status()).isEqualTo(200);
		}
		catch (Exception ex) {
			throw new AssertionError(ex);
		}
	}

	private static Socket socket() throws IOException {
		Socket socket = new Socket("127.0.0.1", provider.uri("/").getPort());
		socket.setSoTimeout(10_000);
		return socket;
	}

	private static String headers(String path, String framing) {
		return "POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n" + framing
				+ "\r\n\r\n";
	}

	private static void send(Socket socket, String text) throws IOException {
		socket.getOutputStream().write(text.getBytes(StandardCharsets.UTF_8));
		socket.getOutputStream().flush();
	}

	/**
	 * Reads until the provider closes the connection while sending a byte of body every 100 ms, for at most 10 s.
	 * A provider that drained the declared body would keep reading those bytes for minutes; one that closes at once
	 * ends the stream within a moment, however loaded the machine.
	 */
	private static String readToEndWhileSending(Socket socket) throws IOException {
		StringBuilder text = new StringBuilder();
		InputStream in = socket.getInputStream();
		socket.setSoTimeout(100);
		long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
		byte[] buffer = new byte[4096];
		while (System.nanoTime() - deadline < 0) {
			try {
				socket.getOutputStream().write('y');
			}
			catch (IOException ex) {
				// Closed by the provider; what it sent may still be read.
			}
			try {
				int read = in.read(buffer);
				if (read < 0) {
					return text.toString();
				}
				text.append(new String(buffer, 0, read, StandardCharsets.ISO_8859_1));
			}
			catch (java.net.SocketTimeoutException ex) {
				// Nothing yet.
			}
			catch (java.net.SocketException ex) {
				return text.toString();
			}
		}
		throw new AssertionError("the connection was still open after 10 s: " + text);
	}

	private static String readToEnd(Socket socket) throws IOException {
		try {
			return new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
		}
		catch (java.net.SocketException ex) {
			return "(reset: " + ex.getMessage() + ")";
		}
	}

}
