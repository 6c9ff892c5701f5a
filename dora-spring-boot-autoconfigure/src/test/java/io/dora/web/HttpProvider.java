package io.dora.web;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;

import io.dora.annotation.DoraApi;
import io.dora.client.DoraTemplate;
import io.dora.handler.DoraCallContext;
import io.dora.server.DoraServer;
import io.dora.test.TestHandlers;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * A provider application on a real Tomcat and a real Dora TCP server, both on free ports, serving
 * {@link TestHandlers}; and a JDK HTTP/1.1 client pointed at it.
 */
final class HttpProvider implements AutoCloseable {

	private final ConfigurableApplicationContext context;

	private final HttpClient client;

	private final JsonMapper json = JsonMapper.builder().build();

	private final String base;

	private HttpProvider(ConfigurableApplicationContext context) {
		this.context = context;
		this.client = HttpClient.newBuilder()
			.version(HttpClient.Version.HTTP_1_1)
			.connectTimeout(Duration.ofSeconds(5))
			.build();
		this.base = "http://127.0.0.1:" + context.getEnvironment().getProperty("local.server.port");
	}

	/** The same provider seen through a new client, with no connection open yet. */
	HttpProvider withNewClient() {
		return new HttpProvider(this.context);
	}

	static HttpProvider start(String... properties) {
		return start(ProviderApplication.class, properties);
	}

	/** Starts an application of the test's own, with Tomcat and the Dora server on free loopback ports. */
	static HttpProvider start(Class<?> application, String... properties) {
		ConfigurableApplicationContext context = new SpringApplicationBuilder(application)
			.web(WebApplicationType.SERVLET)
			.properties("server.port=0", "server.address=127.0.0.1", "dora.server.port=0",
					"dora.server.address=127.0.0.1", "spring.main.banner-mode=off")
			.properties(properties)
			.run();
		return new HttpProvider(context);
	}

	ConfigurableApplicationContext context() {
		return this.context;
	}

	TestHandlers handlers() {
		return this.context.getBean(TestHandlers.class);
	}

	/** The application's own DoraTemplate pointed at its own TCP server. */
	DoraTemplate tcp() {
		return this.context.getBean(DoraTemplate.class)
			.withAddress("127.0.0.1:" + this.context.getBean(DoraServer.class).port());
	}

	int tcpPort() {
		return this.context.getBean(DoraServer.class).port();
	}

	JsonMapper json() {
		return this.json;
	}

	URI uri(String path) {
		return URI.create(this.base + path);
	}

	/** POSTs url-encoded form fields. */
	Reply postForm(String path, Map<String, String> fields, String... headers) throws Exception {
		String form = fields.entrySet()
			.stream()
			.map((field) -> encode(field.getKey()) + "=" + encode(field.getValue()))
			.collect(Collectors.joining("&"));
		return post(path, "application/x-www-form-urlencoded", BodyPublishers.ofString(form), headers);
	}

	/** POSTs a JSON body. */
	Reply postJson(String path, String body, String... headers) throws Exception {
		return post(path, "application/json", BodyPublishers.ofString(body, StandardCharsets.UTF_8), headers);
	}

	/** POSTs a body of unknown length, so it goes chunked. */
	Reply postChunked(String path, String contentType, byte[] body) throws Exception {
		return post(path, contentType, BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)));
	}

	Reply post(String path, String contentType, BodyPublisher body, String... headers) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(20)).POST(body);
		if (contentType != null) {
			request.header("Content-Type", contentType);
		}
		if (headers.length > 0) {
			request.headers(headers);
		}
		return send(request.build());
	}

	Reply send(HttpRequest request) throws IOException, InterruptedException {
		HttpResponse<byte[]> response = this.client.send(request, BodyHandlers.ofByteArray());
		String contentType = response.headers().firstValue("Content-Type").orElse(null);
		JsonNode body = (response.body().length > 0) ? this.json.readTree(response.body()) : null;
		return new Reply(response.statusCode(), contentType, body, response);
	}

	/** GETs a path, without following redirects. */
	HttpResponse<String> get(String path) throws IOException, InterruptedException {
		return this.client.send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(20)).GET().build(),
				BodyHandlers.ofString());
	}

	private static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

	/** Closes the application; a view from {@link #withNewClient()} needs no closing. */
	@Override
	public void close() {
		this.context.close();
	}

	/** An HTTP reply with its JSON body. */
	record Reply(int status, String contentType, JsonNode body, HttpResponse<byte[]> response) {

		int code() {
			return this.body.get("code").asInt();
		}

		String msg() {
			return this.body.get("msg").asString();
		}

		String guid() {
			return this.body.get("guid").asString();
		}

		/** The body's {@code data}: the value of a {@code /call}, the results by key on the original paths. */
		JsonNode data() {
			return this.body.get("data");
		}

		/** The result of one entry of a reply on the original paths. */
		JsonNode result(String key) {
			return data().get(key);
		}

	}

	/** Handlers only the HTTP tests need. */
	static class HttpTestHandlers {

		/** The caller's address and port, to tell connections apart. */
		@DoraApi("/http/peer")
		public String peer(DoraCallContext context) {
			return context.transport() + " " + context.remoteAddress();
		}

		/** The sample provider's names that docs/http.md calls: the name called and the param. */
		@DoraApi("/module_d/**")
		public Map<String, Object> moduleD(Object param, DoraCallContext context) {
			return Map.of("api", context.apiName(), "param", param);
		}

		@DoraApi("/module_e/**")
		public Map<String, Object> moduleE(Object param, DoraCallContext context) {
			return Map.of("api", context.apiName(), "param", param);
		}

		/** The thread a non-blocking handler runs on. */
		@DoraApi(path = "/thread/non-blocking", nonBlocking = true)
		public String nonBlockingThread() {
			return Thread.currentThread().getName();
		}

		/** The thread an ordinary handler runs on. */
		@DoraApi("/thread/ordinary")
		public String ordinaryThread() {
			return Thread.currentThread().getName();
		}

	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class ProviderApplication {

		@Bean
		TestHandlers testHandlers() {
			return new TestHandlers();
		}

		@Bean
		HttpTestHandlers httpTestHandlers() {
			return new HttpTestHandlers();
		}

	}

}
