package io.dora.bench.http;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.function.LongConsumer;

import io.dora.bench.core.BenchClient;
import io.dora.bench.core.LoadDriver;
import io.dora.bench.core.Operation;
import io.dora.bench.core.Page;
import io.dora.bench.core.User;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Drives an HTTP peer with the JDK's {@link HttpClient} (HTTP/1.1, keep-alive, one connection per caller thread)
 * and Jackson: {@code POST <base><api path>} with the param as JSON body. {@code --envelope true} reads Dora's
 * {@code /call} reply {@code {guid, code, msg, data}} and takes {@code data}; otherwise the body is the value itself,
 * as a plain controller answers.
 */
public final class HttpBenchDriver implements BenchClient {

	private static final JsonMapper MAPPER = JsonMapper.builder().build();

	private final HttpClient http = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(3))
		.build();

	private final String base;

	private final boolean envelope;

	private HttpBenchDriver(String base, boolean envelope) {
		this.base = base;
		this.envelope = envelope;
	}

	public static void main(String[] args) {
		LoadDriver.main(args, (options) -> new HttpBenchDriver(options.require("base-url"),
				Boolean.parseBoolean(options.get("envelope", "false"))));
	}

	@Override
	public Object call(Operation operation, long sequence) {
		return switch (operation) {
			case CREATE_USER -> post("/user/create", Operation.newUser(), Boolean.class);
			case GET_USER -> post("/user/get", sequence & 1023, User.class);
			case LIST_USER -> post("/user/list", (int) (sequence & 63), Page.class);
			default -> throw new UnsupportedOperationException(operation.label());
		};
	}

	private <T> T post(String path, Object param, Class<T> type) {
		HttpRequest request = HttpRequest.newBuilder(URI.create(this.base + path))
			.timeout(Duration.ofSeconds(3))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofByteArray(MAPPER.writeValueAsBytes(param)))
			.build();
		HttpResponse<byte[]> response;
		try {
			response = this.http.send(request, HttpResponse.BodyHandlers.ofByteArray());
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
		if (response.statusCode() != 200) {
			throw new IllegalStateException("HTTP " + response.statusCode() + ": " + new String(response.body()));
		}
		if (!this.envelope) {
			return MAPPER.readValue(response.body(), type);
		}
		JsonNode reply = MAPPER.readTree(response.body());
		if (reply.path("code").asInt() != 0) {
			throw new IllegalStateException("Dora answered " + reply);
		}
		return MAPPER.treeToValue(reply.path("data"), type);
	}

	@Override
	public void fanOut(int apis, long id) {
		throw new UnsupportedOperationException("fan-out");
	}

	@Override
	public CompletableFuture<User> getUserAsync(long id) {
		throw new UnsupportedOperationException("async");
	}

	@Override
	public int asyncBatch(int calls, long firstId, LongConsumer latency) {
		throw new UnsupportedOperationException("async");
	}

	@Override
	public void notifyOneWay(User user) {
		throw new UnsupportedOperationException("one-way");
	}

	@Override
	public long notifiedOnServer() {
		throw new UnsupportedOperationException("one-way");
	}

}
