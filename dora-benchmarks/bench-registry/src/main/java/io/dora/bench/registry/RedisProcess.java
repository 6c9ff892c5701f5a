package io.dora.bench.registry;

import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.api.StatefulRedisConnection;
import redis.embedded.core.ExecutableProvider;

/**
 * The benchmark's own Redis: a {@code redis-server} process on a free loopback port, without persistence, so that a
 * restart starts it empty. The binary is the one on the {@code PATH}, else embedded-redis's. {@link #info()} reads
 * its statistics over a connection of the benchmark's own.
 */
final class RedisProcess implements AutoCloseable {

	private static final String HOST = "127.0.0.1";

	private final Path executable;

	private final Path directory;

	private final int port;

	private Process process;

	private RedisClient client;

	private StatefulRedisConnection<String, String> connection;

	private RedisProcess(Path executable, Path directory, int port) {
		this.executable = executable;
		this.directory = directory;
		this.port = port;
	}

	static RedisProcess start() throws IOException, InterruptedException {
		int port;
		try (ServerSocket socket = new ServerSocket()) {
			socket.bind(new InetSocketAddress(HOST, 0));
			port = socket.getLocalPort();
		}
		RedisProcess redis = new RedisProcess(executable(), Files.createTempDirectory("dora-registry-bench-"), port);
		redis.launch();
		return redis;
	}

	String host() {
		return HOST;
	}

	int port() {
		return this.port;
	}

	/** {@code redis-server --version}. */
	String version() throws IOException, InterruptedException {
		Process version = new ProcessBuilder(this.executable.toString(), "--version").redirectErrorStream(true).start();
		String text = new String(version.getInputStream().readAllBytes()).trim();
		version.waitFor();
		return text;
	}

	/** Kills the server (SIGKILL) and starts it again on the same port, empty. */
	void restartEmpty() throws IOException, InterruptedException {
		disconnect();
		this.process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
		launch();
	}

	/** {@code INFO everything} as name, value pairs. */
	Map<String, String> info() {
		Map<String, String> info = new LinkedHashMap<>();
		for (String line : this.connection.sync().info("everything").split("\r\n")) {
			int colon = line.indexOf(':');
			if (colon > 0 && !line.startsWith("#")) {
				info.put(line.substring(0, colon), line.substring(colon + 1));
			}
		}
		return info;
	}

	/** {@code total_commands_processed}, from {@code INFO stats}. */
	long commandsProcessed() {
		String stats = this.connection.sync().info("stats");
		int start = stats.indexOf("total_commands_processed:") + "total_commands_processed:".length();
		return Long.parseLong(stats.substring(start, stats.indexOf('\r', start)));
	}

	/** The sum of {@code MEMORY USAGE} over every key: the memory the data takes, without client buffers. */
	long keyMemory() {
		long bytes = 0;
		ScanCursor cursor = ScanCursor.INITIAL;
		do {
			KeyScanCursor<String> keys = this.connection.sync().scan(cursor, ScanArgs.Builder.limit(1000));
			for (String key : keys.getKeys()) {
				Long usage = this.connection.sync().memoryUsage(key);
				bytes += (usage != null) ? usage : 0;
			}
			cursor = keys;
		}
		while (!cursor.isFinished());
		return bytes;
	}

	/** {@code DBSIZE}. */
	long keys() {
		return this.connection.sync().dbsize();
	}

	@Override
	public void close() throws IOException, InterruptedException {
		disconnect();
		this.process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
		try (Stream<Path> files = Files.walk(this.directory)) {
			files.sorted(Comparator.reverseOrder()).forEach((file) -> file.toFile().delete());
		}
	}

	private void launch() throws IOException, InterruptedException {
		this.process = new ProcessBuilder(List.of(this.executable.toString(), "--port", String.valueOf(this.port),
				"--bind", HOST, "--save", "", "--appendonly", "no", "--maxclients", "20000", "--dir",
				this.directory.toString(), "--daemonize", "no", "--loglevel", "warning"))
			.redirectErrorStream(true)
			.redirectOutput(this.directory.resolve("redis.log").toFile())
			.start();
		this.client = RedisClient.create(RedisURI.builder().withHost(HOST).withPort(this.port)
			.withTimeout(Duration.ofSeconds(10)).build());
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
		while (true) {
			try {
				this.connection = this.client.connect();
				return;
			}
			catch (RuntimeException ex) {
				if (System.nanoTime() > deadline || !this.process.isAlive()) {
					throw new IOException("redis-server did not start: " + Files.readString(this.directory.resolve(
							"redis.log")), ex);
				}
				Thread.sleep(20);
			}
		}
	}

	private void disconnect() {
		if (this.connection != null) {
			this.connection.close();
			this.connection = null;
		}
		if (this.client != null) {
			this.client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
			this.client = null;
		}
	}

	private static Path executable() throws IOException {
		String path = System.getenv("PATH");
		if (path != null) {
			for (String directory : path.split(File.pathSeparator)) {
				Path candidate = Path.of(directory, "redis-server");
				if (Files.isExecutable(candidate)) {
					return candidate;
				}
			}
		}
		File extracted = ExecutableProvider.newJarResourceProvider().get();
		if (!extracted.canExecute() && !extracted.setExecutable(true)) {
			throw new IOException("Cannot make " + extracted + " executable");
		}
		return extracted.toPath();
	}

}
