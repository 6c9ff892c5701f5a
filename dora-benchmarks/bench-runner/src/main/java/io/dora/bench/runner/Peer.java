package io.dora.bench.runner;

import java.util.ArrayList;
import java.util.List;

/**
 * One peer of the comparison: how to start its server and its driver, and which kind of scenarios it runs.
 *
 * @param name the column in the table
 * @param http whether it is an HTTP peer (sync scenarios with the Java client, plus wrk)
 * @param serverModule module of the server's main class
 * @param serverMain the server's main class
 * @param driverModule module of the driver's main class
 * @param driverMain the driver's main class
 * @param extraServerArgs server arguments besides the port
 * @param extraDriverArgs driver arguments besides the common ones; {@code {port}} is replaced
 * @param httpPath path prefix of the HTTP operations, for wrk and the Java client
 */
record Peer(String name, boolean http, String serverModule, String serverMain, String driverModule, String driverMain,
		List<String> extraServerArgs, List<String> extraDriverArgs, String httpPath) {

	private static final String DORA_PROVIDER = "io.dora.bench.dora.provider.DoraBenchProvider";

	private static final String DORA_DRIVER = "io.dora.bench.dora.driver.DoraBenchDriver";

	/** The key the signing peers share, as {@code id=secret}. */
	private static final String SIGNING_KEY = "bench=bench-signing-secret-0123456789";

	/** Replaced by the port of the runner's private Redis in the arguments of peers that need one. */
	static final String REDIS_PORT = "{redis}";

	static Peer named(String name) {
		return switch (name) {
			// dora-pool runs the same handlers on the business executor, Dora's default for handlers not declared
			// non-blocking.
			case "dora", "dora-pool" -> new Peer(name, false, "bench-dora", DORA_PROVIDER, "bench-dora", DORA_DRIVER,
					List.of("--dora.server.run-non-blocking-on-io-thread=" + name.equals("dora")),
					List.of("--target", "127.0.0.1:{port}"), null);
			// The same provider, the client writing CBOR bodies (dora.client.codec=cbor) and reading CBOR replies.
			case "dora-cbor" -> new Peer(name, false, "bench-dora", DORA_PROVIDER, "bench-dora", DORA_DRIVER,
					List.of("--dora.server.run-non-blocking-on-io-thread=true"),
					List.of("--target", "127.0.0.1:{port}", "--codec", "cbor"), null);
			// The same calls made through a @DoraClient interface: what the declarative client adds to dora.call(...).
			case "dora-declarative" -> new Peer(name, false, "bench-dora", DORA_PROVIDER, "bench-dora", DORA_DRIVER,
					List.of(), List.of("--target", "127.0.0.1:{port}", "--declarative", "true"), null);
			// Signed calls, the replay memory in this process only or also in Redis (SET NX PX per call).
			case "dora-signed" -> new Peer(name, false, "bench-dora", DORA_PROVIDER, "bench-dora", DORA_DRIVER,
					List.of("--dora.security.keys." + SIGNING_KEY),
					List.of("--target", "127.0.0.1:{port}", "--dora-key", SIGNING_KEY), null);
			case "dora-signed-redis" -> new Peer(name, false, "bench-dora", DORA_PROVIDER, "bench-dora", DORA_DRIVER,
					List.of("--dora.security.keys." + SIGNING_KEY, "--dora.security.replay-memory=redis",
							"--spring.data.redis.host=127.0.0.1", "--spring.data.redis.port=" + REDIS_PORT),
					List.of("--target", "127.0.0.1:{port}", "--dora-key", SIGNING_KEY), null);
			// The ceiling: Dora's getUser bytes, pre-encoded, over a bare Netty request/reply on Dora's transport.
			case "raw-netty" -> new Peer(name, false, "bench-dora", "io.dora.bench.dora.raw.RawNettyServer", "bench-dora",
					"io.dora.bench.dora.raw.RawNettyDriver", List.of(), List.of("--target", "127.0.0.1:{port}"), null);
			case "grpc", "grpc-direct" -> new Peer(name, false, "bench-grpc", "io.dora.bench.grpc.GrpcBenchServer",
					"bench-grpc", "io.dora.bench.grpc.GrpcBenchDriver",
					List.of("--direct", Boolean.toString(name.equals("grpc-direct"))),
					List.of("--target", "127.0.0.1:{port}"), null);
			case "dubbo-hessian2", "dubbo-fastjson2" -> {
				String serialization = name.substring("dubbo-".length());
				yield new Peer(name, false, "bench-dubbo", "io.dora.bench.dubbo.DubboBenchServer", "bench-dubbo",
						"io.dora.bench.dubbo.DubboBenchDriver", List.of("--serialization", serialization),
						List.of("--target", "127.0.0.1:{port}", "--serialization", serialization), null);
			}
			case "dora-http" -> new Peer(name, true, "bench-dora", DORA_PROVIDER, "bench-http",
					"io.dora.bench.http.HttpBenchDriver", List.of(),
					List.of("--base-url", "http://127.0.0.1:{port}/call", "--envelope", "true"), "/call");
			case "mvc" -> new Peer(name, true, "bench-mvc", "io.dora.bench.mvc.MvcBenchServer", "bench-http",
					"io.dora.bench.http.HttpBenchDriver", List.of(),
					List.of("--base-url", "http://127.0.0.1:{port}", "--envelope", "false"), "");
			default -> throw new IllegalArgumentException("unknown peer " + name);
		};
	}

	/** Whether the server needs the runner's private Redis. */
	boolean needsRedis() {
		return this.extraServerArgs.stream().anyMatch((arg) -> arg.contains(REDIS_PORT));
	}

	/**
	 * The server's arguments for a port: Spring Boot servers take properties, the others {@code --port}.
	 * @param redisPort the port of the runner's private Redis, for peers that need one
	 */
	List<String> serverArgs(int port, int redisPort) {
		List<String> args = new ArrayList<>();
		if (this.serverMain.equals(DORA_PROVIDER)) {
			// TCP on the given port, the HTTP endpoint on the next one.
			args.add("--dora.server.port=" + (this.http ? port + 1 : port));
			args.add("--server.port=" + (this.http ? port : port + 1));
		}
		else if (this.serverModule.equals("bench-mvc")) {
			args.add("--server.port=" + port);
		}
		else {
			args.add("--port");
			args.add(Integer.toString(port));
		}
		this.extraServerArgs.forEach((arg) -> args.add(arg.replace(REDIS_PORT, Integer.toString(redisPort))));
		return args;
	}

	List<String> driverArgs(int port) {
		return this.extraDriverArgs.stream().map((arg) -> arg.replace("{port}", Integer.toString(port))).toList();
	}

}
