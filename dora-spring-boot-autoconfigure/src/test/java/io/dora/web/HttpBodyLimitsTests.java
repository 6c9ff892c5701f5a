package io.dora.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import io.dora.protocol.DoraCodes;
import io.dora.protocol.FrameBufferBudget;
import io.dora.web.HttpProvider.Reply;
import org.apache.catalina.connector.Connector;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.tomcat.TomcatWebServer;
import org.springframework.boot.web.server.context.WebServerApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * HTTP bodies are read under a shared memory budget and a time limit: a body that does not fit is refused at once
 * with 100014, 503 and Retry-After, before it is read; a body that is still incomplete at the body read timeout is
 * cut with 408 (100007 when it kept trickling in); either way the connection is closed at once, without the rest of
 * the body being drained, and the provider serves the next caller. The budget a body takes is given back when its
 * request is answered.
 */
class HttpBodyLimitsTests {

	private static final Duration BODY_READ_TIMEOUT = Duration.ofMillis(800);

	private static final int BUDGET = 64 * 1024;

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
			socket.setSoTimeout(5_000);
			long answered = System.nanoTime();
			reply.append(readToEnd(socket));
			// Dora's own answer, and the connection closed at once rather than the rest of the body drained.
			assertThat(reply.toString()).startsWith("HTTP/1.1 408 ").contains("\"code\":" + DoraCodes.FRAME_TRUNCATED);
			assertThat(Duration.ofNanos(System.nanoTime() - answered)).isLessThan(BODY_READ_TIMEOUT);
		}
		assertServes();
	}

	@Test
	void aBodyThatDoesNotFitTheBudgetIsRefusedUnreadAndTheBudgetIsGivenBack() throws IOException {
		FrameBufferBudget budget = provider.context().getBean(FrameBufferBudget.class);
		try (Socket holder = socket(); Socket refused = socket()) {
			// The first upload takes most of the budget and stalls while the second arrives.
			send(holder, headers("/call/echo", "Content-Length: " + (BUDGET - 1024)) + "\"");
			awaitReserved(budget, BUDGET - 1024);
			long start = System.nanoTime();
			send(refused, headers("/call/echo", "Content-Length: 4096") + "\"x");
			String reply = readToEnd(refused);
			assertThat(reply).startsWith("HTTP/1.1 503 ")
				.contains("Retry-After: 1")
				.contains("\"code\":" + DoraCodes.SERVER_BUSY)
				.contains("dora.server.max-buffered-bytes");
			// Answered and closed at once: the rest of the body is neither waited for nor drained.
			assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(BODY_READ_TIMEOUT);
			assertThat(readToEnd(holder)).startsWith("HTTP/1.1 408 ");
		}
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

	private static void assertServes() {
		try {
			Reply reply = provider.withNewClient().postJson("/call/echo", "\"still serving\"");
			assertThat(reply.status()).isEqualTo(200);
		}
		catch (Exception ex) {
			throw new AssertionError(ex);
		}
	}

	private static void awaitReserved(FrameBufferBudget budget, long bytes) {
		io.dora.test.Await.until("the first body holds its share of the budget", () -> budget.reserved() >= bytes);
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

	private static String readToEnd(Socket socket) throws IOException {
		try {
			return new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
		}
		catch (java.net.SocketException ex) {
			return "(reset: " + ex.getMessage() + ")";
		}
	}

}
