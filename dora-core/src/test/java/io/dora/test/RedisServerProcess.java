package io.dora.test;

import java.io.BufferedInputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import redis.embedded.core.ExecutableProvider;

/**
 * A real Redis server for tests and demos: the one named by {@code DORA_TEST_REDIS_URL}, or a private
 * {@code redis-server} process on a free loopback port. A private server keeps nothing on disk (no RDB snapshots,
 * no AOF), so {@link #stop()} followed by {@link #start()} gives an empty Redis on the same port, as a Redis
 * restart that lost its data would.
 * <p>
 * The binary is the {@code redis-server} on the {@code PATH} when there is one, else the one shipped in the
 * {@code com.github.codemonstur:embedded-redis} jar. The class needs nothing but the JDK and that jar, so the sample
 * applications can use it to start a private Redis for the demo.
 */
public final class RedisServerProcess implements RedisDeployment, AutoCloseable {

	/** Environment variable naming an existing Redis, for example {@code redis://127.0.0.1:6379}. */
	public static final String URL_VARIABLE = "DORA_TEST_REDIS_URL";

	private static final String HOST = "127.0.0.1";

	private static final Set<Process> running = ConcurrentHashMap.newKeySet();

	private static Path foundExecutable;

	static {
		Runtime.getRuntime().addShutdownHook(new Thread(() -> running.forEach(Process::destroyForcibly),
				"redis-server-cleanup"));
	}

	private final String host;

	private final int port;

	private final Path executable;

	private final Path directory;

	private final String configFile;

	private final List<String> options;

	private Process process;

	private RedisServerProcess(String host, int port, Path executable, Path directory, String configFile,
			List<String> options) {
		this.host = host;
		this.port = port;
		this.executable = executable;
		this.directory = directory;
		this.configFile = configFile;
		this.options = List.copyOf(options);
	}

	/** The Redis named by {@code DORA_TEST_REDIS_URL} when set, else a private one started now. */
	public static RedisServerProcess obtain() {
		String url = System.getenv(URL_VARIABLE);
		if (url != null && !url.isBlank()) {
			URI uri = URI.create(url.trim());
			return new RedisServerProcess(uri.getHost(), (uri.getPort() > 0) ? uri.getPort() : 6379, null, null, null,
					List.of());
		}
		return startPrivate();
	}

	/** A private server on a free loopback port, for tests that stop and restart Redis. */
	public static RedisServerProcess startPrivate() {
		return startPrivate(null, List.of());
	}

	/**
	 * A private server on a free loopback port, started with further options.
	 * @param configFile the content of a configuration file to start it with (Sentinel needs one it can rewrite),
	 * or {@code null}
	 * @param options further command-line options, such as {@code --cluster-enabled yes} or {@code --sentinel}
	 */
	public static RedisServerProcess startPrivate(String configFile, List<String> options) {
		Path executable = executable();
		IOException last = null;
		for (int attempt = 0; attempt < 5; attempt++) {
			try {
				Path directory = Files.createTempDirectory("dora-redis-");
				RedisServerProcess server = new RedisServerProcess(HOST, freePort(), executable, directory, configFile,
						options);
				server.start();
				return server;
			}
			catch (IOException ex) {
				// Most likely another process took the free port first: try another.
				last = ex;
			}
		}
		throw new IllegalStateException("Could not start redis-server " + executable, last);
	}

	/** Whether this is a process this class started, which can be stopped and restarted. */
	public boolean isPrivate() {
		return this.executable != null;
	}

	public String host() {
		return this.host;
	}

	public int port() {
		return this.port;
	}

	public String url() {
		return "redis://" + this.host + ":" + this.port;
	}

	/** Spring Boot properties that point an application at this server. */
	@Override
	public String[] springProperties() {
		return new String[] { "spring.data.redis.host=" + this.host, "spring.data.redis.port=" + this.port };
	}

	/** Whether a private server is running now. */
	public synchronized boolean isRunning() {
		return this.process != null && this.process.isAlive();
	}

	/**
	 * Starts a stopped private server on its port, empty; waits until it answers PING.
	 * @throws IOException if it does not come up, for example because the port was taken meanwhile
	 */
	public synchronized void start() throws IOException {
		requirePrivate();
		if (isRunning()) {
			return;
		}
		List<String> command = new ArrayList<>(List.of(this.executable.toString()));
		if (this.configFile != null) {
			// Sentinel rewrites its file, so it is written afresh on every start; the first argument names it.
			Path file = this.directory.resolve("redis-" + this.port + ".conf");
			Files.writeString(file, this.configFile);
			command.add(file.toString());
		}
		command.addAll(List.of("--port", String.valueOf(this.port), "--bind", HOST, "--save", "", "--appendonly", "no",
				"--dir", this.directory.toString(), "--daemonize", "no", "--loglevel", "warning"));
		command.addAll(this.options);
		File log = this.directory.resolve("redis-" + this.port + ".log").toFile();
		Process started = new ProcessBuilder(command).redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.appendTo(log))
			.start();
		running.add(started);
		this.process = started;
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
		while (System.nanoTime() < deadline) {
			if (!started.isAlive()) {
				running.remove(started);
				this.process = null;
				throw new IOException("redis-server exited with " + started.exitValue() + ": " + tail(log));
			}
			if (answersPing()) {
				return;
			}
			sleep(10);
		}
		stop();
		throw new IOException("redis-server on port " + this.port + " did not answer within 10 s: " + tail(log));
	}

	/** Kills a private server at once (SIGKILL), as a crash or a lost host would: no shutdown, no goodbye. */
	public synchronized void kill() {
		requirePrivate();
		Process current = this.process;
		if (current == null) {
			return;
		}
		current.destroyForcibly();
		try {
			current.waitFor(5, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		running.remove(current);
		this.process = null;
	}

	/** Stops a private server (SIGTERM; SIGKILL after 5 s). Its data is gone. */
	public synchronized void stop() {
		requirePrivate();
		Process current = this.process;
		if (current == null) {
			return;
		}
		current.destroy();
		try {
			if (!current.waitFor(5, TimeUnit.SECONDS)) {
				current.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			current.destroyForcibly();
		}
		running.remove(current);
		this.process = null;
	}

	/** Stops and starts again on the same port: an empty Redis, as after a restart that lost all data. */
	public void restartEmpty() throws IOException {
		stop();
		start();
	}

	/**
	 * Sends one command and returns the reply: a {@code String} for simple, bulk and integer replies,
	 * {@code null} for a nil reply, a {@code List} for arrays.
	 * @throws IllegalStateException if Redis answers with an error
	 */
	public Object command(String... arguments) throws IOException {
		try (Connection connection = connect()) {
			return connection.command(arguments);
		}
	}

	/** A connection of its own for a series of commands, such as {@code READONLY} followed by reads on a replica. */
	public Connection connect() throws IOException {
		Socket socket = new Socket();
		socket.connect(new InetSocketAddress(this.host, this.port), 2000);
		socket.setSoTimeout(5000);
		return new Connection(socket);
	}

	/** Subscribes to a channel on a connection of its own; close the subscription when done. */
	public Subscription subscribe(String channel) throws IOException {
		Connection connection = connect();
		connection.command("SUBSCRIBE", channel);
		return new Subscription(connection);
	}

	/** The time of the server, in epoch milliseconds ({@code TIME}). */
	public long timeMillis() throws IOException {
		List<?> time = (List<?>) command("TIME");
		return Long.parseLong((String) time.get(0)) * 1000 + Long.parseLong((String) time.get(1)) / 1000;
	}

	/** Deletes every key (FLUSHALL); works on a shared Redis too. */
	public void flushAll() throws IOException {
		command("FLUSHALL");
	}

	/** Stops a private server and deletes its directory. */
	@Override
	public void close() {
		if (isPrivate()) {
			stop();
			deleteDirectory();
		}
	}

	@Override
	public String toString() {
		return (isPrivate() ? "private " : "") + "Redis at " + url();
	}

	private void deleteDirectory() {
		try (Stream<Path> files = Files.walk(this.directory)) {
			files.sorted(Comparator.reverseOrder()).forEach((file) -> file.toFile().delete());
		}
		catch (IOException ex) {
			// Only a temporary directory is left behind.
		}
	}

	private boolean answersPing() {
		try {
			return "PONG".equals(command("PING"));
		}
		catch (IOException | IllegalStateException ex) {
			return false;
		}
	}

	private void requirePrivate() {
		if (!isPrivate()) {
			throw new IllegalStateException("The Redis named by " + URL_VARIABLE + " is not ours to stop or start");
		}
	}

	private static void write(OutputStream out, String... arguments) throws IOException {
		StringBuilder request = new StringBuilder("*").append(arguments.length).append("\r\n");
		for (String argument : arguments) {
			byte[] bytes = argument.getBytes(StandardCharsets.UTF_8);
			request.append('$').append(bytes.length).append("\r\n").append(argument).append("\r\n");
		}
		out.write(request.toString().getBytes(StandardCharsets.UTF_8));
		out.flush();
	}

	private static Object readReply(InputStream in) throws IOException {
		int type = in.read();
		String line = readLine(in);
		switch (type) {
			case '+', ':' -> {
				return line;
			}
			case '-' -> throw new IllegalStateException("Redis error: " + line);
			case '$' -> {
				int length = Integer.parseInt(line);
				if (length < 0) {
					return null;
				}
				byte[] bytes = in.readNBytes(length);
				readLine(in);
				return new String(bytes, StandardCharsets.UTF_8);
			}
			case '*' -> {
				int count = Integer.parseInt(line);
				if (count < 0) {
					return null;
				}
				List<Object> items = new ArrayList<>(count);
				for (int i = 0; i < count; i++) {
					items.add(readReply(in));
				}
				return items;
			}
			default -> throw new IOException("Unexpected reply type " + type);
		}
	}

	private static String readLine(InputStream in) throws IOException {
		StringBuilder line = new StringBuilder();
		int c;
		while ((c = in.read()) != '\r') {
			if (c < 0) {
				throw new IOException("Connection closed mid-reply");
			}
			line.append((char) c);
		}
		in.read();
		return line.toString();
	}

	/** The {@code redis-server} binary private servers run: the one on the {@code PATH}, else embedded-redis's. */
	public static synchronized Path executable() {
		if (foundExecutable == null) {
			foundExecutable = findExecutable();
		}
		return foundExecutable;
	}

	private static Path findExecutable() {
		String path = System.getenv("PATH");
		if (path != null) {
			for (String directory : path.split(File.pathSeparator)) {
				Path candidate = Path.of(directory, "redis-server");
				if (Files.isExecutable(candidate)) {
					return candidate;
				}
			}
		}
		try {
			File extracted = ExecutableProvider.newJarResourceProvider().get();
			if (!extracted.canExecute() && !extracted.setExecutable(true)) {
				throw new IllegalStateException("Cannot make " + extracted + " executable");
			}
			return extracted.toPath();
		}
		catch (IOException ex) {
			throw new IllegalStateException("No redis-server on the PATH and none could be taken from embedded-redis",
					ex);
		}
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket()) {
			socket.setReuseAddress(true);
			socket.bind(new InetSocketAddress(HOST, 0));
			return socket.getLocalPort();
		}
	}

	private static String tail(File log) {
		try {
			String text = Files.readString(log.toPath());
			return (text.length() > 2000) ? text.substring(text.length() - 2000) : text;
		}
		catch (IOException ex) {
			return "(no log: " + ex.getMessage() + ")";
		}
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}


	/** A connection that keeps its state (such as {@code READONLY}) between commands. */
	public static final class Connection implements AutoCloseable {

		private final Socket socket;

		private final InputStream in;

		Connection(Socket socket) throws IOException {
			this.socket = socket;
			this.in = new BufferedInputStream(socket.getInputStream());
		}

		/** Sends one command and returns its reply, as {@link RedisServerProcess#command(String...)} does. */
		public Object command(String... arguments) throws IOException {
			write(this.socket.getOutputStream(), arguments);
			return nextReply(Duration.ofSeconds(5));
		}

		Object nextReply(Duration timeout) throws IOException {
			this.socket.setSoTimeout((int) Math.max(1, timeout.toMillis()));
			return readReply(this.in);
		}

		@Override
		public void close() throws IOException {
			this.socket.close();
		}

	}

	/** A connection subscribed to a channel. */
	public static final class Subscription implements AutoCloseable {

		private final Connection connection;

		Subscription(Connection connection) {
			this.connection = connection;
		}

		/** The payload of the next message published on the channel, or {@code null} if none came in time. */
		public String nextMessage(Duration timeout) throws IOException {
			try {
				Object reply = this.connection.nextReply(timeout);
				return (reply instanceof List<?> message && message.size() == 3) ? (String) message.get(2) : null;
			}
			catch (SocketTimeoutException ex) {
				return null;
			}
		}

		@Override
		public void close() throws IOException {
			this.connection.close();
		}

	}

}
