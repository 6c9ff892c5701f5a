package io.dora.bench.runner;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;

import redis.embedded.RedisServer;

/**
 * A Redis server of the runner's own on a free loopback port, for the peers that keep their replay memory in Redis:
 * the {@code redis-server} binary that embedded-redis ships, without persistence.
 */
final class PrivateRedis {

	private final RedisServer server;

	private final int port;

	private PrivateRedis(RedisServer server, int port) {
		this.server = server;
		this.port = port;
	}

	static PrivateRedis start() throws IOException {
		int port;
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			port = socket.getLocalPort();
		}
		RedisServer server = RedisServer.newRedisServer()
			.port(port)
			.bind("127.0.0.1")
			.setting("save \"\"")
			.setting("appendonly no")
			.build();
		server.start();
		BenchmarkRunner.log("private Redis on 127.0.0.1:" + port);
		return new PrivateRedis(server, port);
	}

	int port() {
		return this.port;
	}

	void stop() throws IOException {
		this.server.stop();
	}

}
