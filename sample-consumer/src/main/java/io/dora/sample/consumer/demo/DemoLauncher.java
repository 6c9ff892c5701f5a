package io.dora.sample.consumer.demo;

import java.io.BufferedReader;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import io.dora.protocol.ApiCall;
import io.dora.protocol.original.OriginalEnvelopes;
import io.dora.protocol.original.OriginalFrameWriter;
import io.dora.protocol.original.OriginalProtocol;
import io.dora.protocol.original.OriginalWireOptions;
import io.dora.protocol.original.PhpSerializer;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.UnpooledByteBufAllocator;
import redis.embedded.RedisServer;
import tools.jackson.databind.json.JsonMapper;

/**
 * Runs the whole demo and stops it again: a private Redis server, two sample providers registering in it, the
 * sample consumer (the original Dora client example, resolving its group through Redis), one call from a plain
 * HTTP client, one call in the original PHP Dora RPC protocol on provider A's port for PHP clients (with how a PHP
 * client would reach it), and a look at a provider's Dora health. Used by {@code mvn -Pdemo verify}; exits non-zero
 * if any call failed.
 * <p>
 * Arguments: the provider's and the consumer's executable jars. System property {@code dora.demo.redis}
 * ({@code host:port}) uses an existing Redis instead of starting one; {@code dora.demo.redis-cluster}
 * ({@code host:port,host:port,...}) an existing Redis Cluster, given to every application as
 * {@code spring.data.redis.cluster.nodes}.
 */
public final class DemoLauncher {

	private static final Duration STARTUP_TIMEOUT = Duration.ofMinutes(3);

	/**
	 * A JVM that ran out of memory may have lost threads it cannot do without and serve nothing while it lives on:
	 * it should exit, so that whatever supervises it starts a fresh one. Run every Dora process with this.
	 */
	private static final String EXIT_ON_OUT_OF_MEMORY = "-XX:+ExitOnOutOfMemoryError";

	private final Path providerJar;

	private final Path consumerJar;

	private final String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();

	/** A fresh shared secret: every call in the demo is signed with it. */
	private final String secret = HexFormat.of().formatHex(new SecureRandom().generateSeed(16));

	private final List<Process> processes = new ArrayList<>();

	private DemoLauncher(Path providerJar, Path consumerJar) {
		this.providerJar = providerJar;
		this.consumerJar = consumerJar;
	}

	public static void main(String[] args) throws Exception {
		if (args.length != 2) {
			System.err.println("usage: DemoLauncher <sample-provider.jar> <sample-consumer.jar>");
			System.exit(2);
		}
		int exitCode = new DemoLauncher(Path.of(args[0]), Path.of(args[1])).run();
		System.exit(exitCode);
	}

	private int run() throws Exception {
		String existing = System.getProperty("dora.demo.redis", "").trim();
		String cluster = System.getProperty("dora.demo.redis-cluster", "").trim();
		RedisServer privateRedis = null;
		List<String> redis = new ArrayList<>();
		if (!cluster.isEmpty()) {
			// The topology refresh DISCOVERY.md recommends, so that the applications follow a failover.
			redis.addAll(List.of("--spring.data.redis.cluster.nodes=" + cluster,
					"--spring.data.redis.lettuce.cluster.refresh.adaptive=true",
					"--spring.data.redis.lettuce.cluster.refresh.period=5s"));
			say("Using the Redis Cluster at " + cluster);
		}
		else if (!existing.isEmpty()) {
			redis.add("--spring.data.redis.host=" + existing.substring(0, existing.lastIndexOf(':')));
			redis.add("--spring.data.redis.port=" + existing.substring(existing.lastIndexOf(':') + 1));
			say("Using the Redis at " + existing);
		}
		else {
			int redisPort = freePort();
			privateRedis = RedisServer.newRedisServer().port(redisPort).bind("127.0.0.1").setting("save \"\"")
				.setting("appendonly no").build();
			privateRedis.start();
			redis.addAll(List.of("--spring.data.redis.host=127.0.0.1", "--spring.data.redis.port=" + redisPort));
			say("Started a private Redis server on 127.0.0.1:" + redisPort);
		}
		redis.add("--dora.security.keys.demo=" + this.secret);
		try {
			int httpA = freePort();
			int managementA = freePort();
			int originalA = freePort();
			CountDownLatch ready = new CountDownLatch(2);
			// Provider A also opens the port for PHP clients of the original Dora RPC, on loopback only: the original
			// protocol cannot carry the demo's signatures, so it must say that unsigned calls are allowed there.
			start("provider-A", ready, redis, "--dora.server.port=0", "--server.port=" + httpA,
					"--management.server.port=" + managementA, "--dora.registry.groups=group1",
					"--sample.provider.name=provider-A", "--dora.registry.advertise-address=127.0.0.1",
					"--dora.server.address=127.0.0.1", "--dora.server.original-protocol.enabled=true",
					"--dora.server.original-protocol.port=" + originalA,
					"--dora.server.original-protocol.allow-unsigned=true");
			start("provider-B", ready, redis, "--dora.server.port=0", "--server.port=0", "--management.server.port=0",
					"--dora.registry.groups=group1,group2", "--sample.provider.name=provider-B",
					"--dora.registry.advertise-address=127.0.0.1");
			if (!ready.await(STARTUP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
				say("The providers did not register within " + STARTUP_TIMEOUT);
				return 1;
			}
			say("Both providers registered in Redis; running sample-consumer (group1 resolved through Redis)");
			int consumer = consume(redis);
			boolean http = httpCall(httpA) && health(managementA);
			boolean original = originalProtocolCall(originalA);
			boolean ok = consumer == 0 && http && original;
			say(ok ? "Demo finished: every call succeeded" : "Demo finished with failures");
			return ok ? 0 : 1;
		}
		finally {
			stopAll();
			if (privateRedis != null) {
				privateRedis.stop();
				say("Stopped the private Redis server");
			}
		}
	}

	/** Starts a provider; counts {@code ready} down once it says it registered in Redis. */
	private void start(String name, CountDownLatch ready, List<String> redis, String... arguments) throws IOException {
		List<String> command = new ArrayList<>(List.of(this.java, EXIT_ON_OUT_OF_MEMORY, "-jar",
				this.providerJar.toString()));
		command.addAll(redis);
		command.addAll(List.of(arguments));
		Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
		this.processes.add(process);
		Thread relay = new Thread(() -> relay(name, process, ready), name + "-output");
		relay.setDaemon(true);
		relay.start();
	}

	/** Shows the provider's Dora lines and its problems, prefixed with its name. */
	private static void relay(String name, Process process, CountDownLatch ready) {
		try (BufferedReader lines = new BufferedReader(
				new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
			String line;
			while ((line = lines.readLine()) != null) {
				if (line.contains("io.dora") || line.contains(" ERROR ") || line.contains(" WARN ")
						|| line.contains("Started SampleProvider")) {
					System.out.println("[" + name + "] " + line.replaceFirst("^\\S+\\s+", ""));
				}
				if (line.contains("registered in Redis in groups")) {
					ready.countDown();
				}
			}
		}
		catch (IOException ex) {
			// The process ended.
		}
	}

	private int consume(List<String> redis) throws IOException, InterruptedException {
		List<String> command = new ArrayList<>(List.of(this.java, EXIT_ON_OUT_OF_MEMORY, "-jar",
				this.consumerJar.toString()));
		command.addAll(redis);
		command.add("--sample.consumer.iterations=3");
		Process consumer = new ProcessBuilder(command).inheritIO().start();
		this.processes.add(consumer);
		return consumer.waitFor();
	}

	/**
	 * The original README's HTTP example, signed as docs/http.md shows, against provider A: an HMAC over method,
	 * path, query, Content-Type, X-Dora-Timeout, key id, audience (the group) and timestamp, then the raw body.
	 */
	private boolean httpCall(int port) throws Exception {
		String params = "{\"api\":{\"oak\":{\"name\":\"/module_d/oakdf\",\"param\":{\"dsaf\":\"32111321\"}},"
				+ "\"cd\":{\"name\":\"/module_e/oakdfff\",\"param\":{\"codo\":\"f11ds\"}}}}";
		String body = "params=" + URLEncoder.encode(params, StandardCharsets.UTF_8);
		String path = "/api/multisync";
		String contentType = "application/x-www-form-urlencoded";
		long timestamp = System.currentTimeMillis();
		String signed = "POST\n" + path + "\n\n" + contentType + "\n\ndemo\ngroup1\n" + timestamp + "\n" + body;
		Mac hmac = Mac.getInstance("HmacSHA256");
		hmac.init(new SecretKeySpec(this.secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
		String mac = HexFormat.of().formatHex(hmac.doFinal(signed.getBytes(StandardCharsets.UTF_8)));
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
			.header("Content-Type", contentType)
			.header("X-Dora-Signature", "key=demo, aud=group1, ts=" + timestamp + ", mac=" + mac)
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.build();
		HttpResponse<String> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
		say("HTTP POST " + path + " (form field params, signed for group1) -> " + response.statusCode() + " "
				+ response.headers().firstValue("Content-Type").orElse("") + "\n" + response.body());
		return response.statusCode() == 200 && response.body().contains("\"code\":0,\"msg\":\"OK\"")
				&& !response.body().contains("\"code\":1000");
	}

	/**
	 * Shows how a PHP client of the original Dora RPC reaches provider A, and makes that client's first call of the
	 * README's loop in the original protocol: {@code singleAPI("/module_a/abc", ..., SW_MODE_WAITRESULT)}.
	 */
	private boolean originalProtocolCall(int port) throws IOException {
		say("provider-A also speaks the original PHP Dora RPC protocol on 127.0.0.1:" + port
				+ ". A PHP client of the original reaches it with:\n"
				+ "    $client = new \\DoraRPC\\Client(array(\"group1\" => array(\"127.0.0.1_" + port
				+ "\" => array(\"ip\" => \"127.0.0.1\", \"port\" => " + port + "))));\n"
				+ "    $client->changeMode(array(\"type\" => 1, \"group\" => \"group1\"));\n"
				+ "    $ret = $client->singleAPI(\"/module_a/abc\", array(\"mark\" => 234), "
				+ "\\DoraRPC\\DoraConst::SW_MODE_WAITRESULT);");
		String guid = HexFormat.of().formatHex(new SecureRandom().generateSeed(16));
		Map<String, ApiCall<?>> api = Map.of("one", new ApiCall<>("/module_a/abc", Map.of("mark", 234)));
		OriginalEnvelopes envelopes = new OriginalEnvelopes(JsonMapper.builder().build());
		byte[] request = PhpSerializer.serialize(envelopes.request(guid, "W_S", api));
		ByteBuf frame = new OriginalFrameWriter(OriginalWireOptions.DEFAULTS, 2 << 20)
			.write(UnpooledByteBufAllocator.DEFAULT, guid, request);
		try (Socket socket = new Socket("127.0.0.1", port)) {
			socket.setSoTimeout(10_000);
			socket.getOutputStream().write(ByteBufUtil.getBytes(frame));
			DataInputStream in = new DataInputStream(socket.getInputStream());
			int length = in.readInt();
			in.skipNBytes(OriginalProtocol.GUID_LENGTH);
			byte[] reply = in.readNBytes(length - OriginalProtocol.GUID_LENGTH);
			String text = new String(reply, StandardCharsets.UTF_8);
			say("original protocol W_S /module_a/abc -> PHP serialize() reply, as the PHP client unserializes it:\n"
					+ text);
			return text.startsWith("a:4:{s:4:\"guid\";s:32:\"" + guid + "\";s:4:\"code\";i:0;");
		}
		finally {
			frame.release();
		}
	}

	/**
	 * Provider A's Dora health, as an operator on its host reads it from the management port (bound to loopback):
	 * server, registration, groups.
	 */
	private boolean health(int managementPort) throws Exception {
		HttpRequest request = HttpRequest
			.newBuilder(URI.create("http://127.0.0.1:" + managementPort + "/actuator/health/dora"))
			.build();
		HttpResponse<String> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
		say("GET /actuator/health/dora on provider-A's management port -> " + response.statusCode() + "\n"
				+ response.body());
		return response.statusCode() == 200
				&& "UP".equals(JsonMapper.builder().build().readTree(response.body()).path("status").asString());
	}

	/** Stops the providers gracefully (SIGTERM), as an operator would; they deregister and drain. */
	private void stopAll() throws InterruptedException {
		for (Process process : this.processes) {
			process.destroy();
		}
		for (Process process : this.processes) {
			if (!process.waitFor(30, TimeUnit.SECONDS)) {
				process.destroyForcibly();
			}
		}
		say("Stopped the providers and the consumer");
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

	private static void say(String text) {
		System.out.println("==> " + text);
	}

}
