package io.dora.test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Hostile HTTP clients on one thread, against a server on loopback, for a fixed time: uploads that declare a large
 * body, send a few bytes of it and stall, and connections that send their headers a line every few seconds and
 * never finish them. A connection the server closes is opened again shortly after, so the attack keeps its size
 * for its whole duration. Sends no credentials. Records the status lines the server answered with.
 */
public final class SlowHttpClients {

	/** Pause before a closed connection is opened again: the attack keeps its size without spinning. */
	private static final long RECONNECT_DELAY_NANOS = Duration.ofMillis(200).toNanos();

	/** Time between two header lines of a slow-header connection: well within Tomcat's connection timeout. */
	private static final long HEADER_LINE_INTERVAL_NANOS = Duration.ofSeconds(4).toNanos();

	private final InetSocketAddress server;

	private final String path;

	private final int declaredLength;

	private final Map<String, Integer> statuses = new TreeMap<>();

	private final PriorityQueue<Timer> timers = new PriorityQueue<>();

	private final AtomicBoolean stop = new AtomicBoolean();

	private int opened;

	private int closedByServer;

	private int connectFailures;

	/**
	 * @param port the server's port on 127.0.0.1
	 * @param path the path the uploads post to
	 * @param declaredLength the Content-Length the uploads declare
	 */
	public SlowHttpClients(int port, String path, int declaredLength) {
		this.server = new InetSocketAddress("127.0.0.1", port);
		this.path = path;
		this.declaredLength = declaredLength;
	}

	/**
	 * Runs the attack on the calling thread until {@code duration} has passed (or {@link #stop()}), then closes
	 * every connection.
	 * @return what happened
	 */
	public Report run(int stalledUploads, int slowHeaders, Duration duration) throws IOException {
		long end = System.nanoTime() + duration.toNanos();
		List<Client> clients = new ArrayList<>();
		try (Selector selector = Selector.open()) {
			for (int i = 0; i < stalledUploads + slowHeaders; i++) {
				Client client = new Client(i < stalledUploads);
				clients.add(client);
				client.open(selector);
			}
			while (!this.stop.get() && System.nanoTime() - end < 0) {
				long now = System.nanoTime();
				Timer due;
				while ((due = this.timers.peek()) != null && due.at - now <= 0) {
					this.timers.poll();
					if (due.generation == due.client.generation) {
						due.client.onTimer(selector);
					}
				}
				long waitNanos = Math.min(end - now, (due != null) ? due.at - now : Long.MAX_VALUE);
				selector.select(Math.max(1, waitNanos / 1_000_000));
				for (SelectionKey key : selector.selectedKeys()) {
					((Client) key.attachment()).onReady(selector, key);
				}
				selector.selectedKeys().clear();
			}
			for (Client client : clients) {
				client.close();
			}
		}
		return new Report(this.opened, this.closedByServer, this.connectFailures, Map.copyOf(this.statuses));
	}

	public void stop() {
		this.stop.set(true);
	}

	private void schedule(Client client, long delayNanos) {
		this.timers.add(new Timer(System.nanoTime() + delayNanos, client, client.generation));
	}

	/**
	 * What the attack did and what the server answered.
	 *
	 * @param opened connections opened, reconnections included
	 * @param closedByServer connections the server closed
	 * @param connectFailures connections that could not be opened
	 * @param statuses status lines the server answered with, and how often
	 */
	public record Report(int opened, int closedByServer, int connectFailures, Map<String, Integer> statuses) {

	}

	/** A timer of one connection of a client: it is void once that connection is closed. */
	private record Timer(long at, Client client, int generation) implements Comparable<Timer> {

		@Override
		public int compareTo(Timer other) {
			return Long.compare(this.at, other.at);
		}

	}

	private final class Client {

		private final boolean upload;

		private SocketChannel channel;

		private ByteBuffer pending;

		private final StringBuilder received = new StringBuilder();

		private int headerLines;

		/** Counts the client's connections; a timer set for an earlier one is ignored. */
		private int generation;

		Client(boolean upload) {
			this.upload = upload;
		}

		void open(Selector selector) {
			try {
				this.channel = SocketChannel.open();
				this.channel.configureBlocking(false);
				this.channel.connect(SlowHttpClients.this.server);
				this.channel.register(selector, SelectionKey.OP_CONNECT, this);
				this.received.setLength(0);
				this.headerLines = 0;
				SlowHttpClients.this.opened++;
			}
			catch (IOException ex) {
				SlowHttpClients.this.connectFailures++;
				close();
				schedule(this, RECONNECT_DELAY_NANOS);
			}
		}

		void onReady(Selector selector, SelectionKey key) {
			try {
				if (key.isConnectable()) {
					this.channel.finishConnect();
					key.interestOps(SelectionKey.OP_READ);
					String start = "POST " + SlowHttpClients.this.path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n";
					if (this.upload) {
						// Headers complete, then 5 bytes of the declared body, then nothing more.
						write(start + "Content-Type: application/json\r\nContent-Length: "
								+ SlowHttpClients.this.declaredLength + "\r\n\r\n{\"api");
					}
					else {
						write(start);
						schedule(this, HEADER_LINE_INTERVAL_NANOS);
					}
					return;
				}
				if (key.isReadable()) {
					ByteBuffer buffer = ByteBuffer.allocate(4096);
					int read = this.channel.read(buffer);
					if (read > 0) {
						this.received.append(new String(buffer.array(), 0, read, StandardCharsets.ISO_8859_1));
					}
					if (read < 0) {
						closedByServer();
					}
				}
			}
			catch (IOException ex) {
				closedByServer();
			}
		}

		/** Reconnects a closed connection, or sends the next header line of a slow one. */
		void onTimer(Selector selector) {
			if (this.channel == null) {
				open(selector);
				return;
			}
			if (!this.upload && this.channel.isConnected()) {
				try {
					write("X-Slow-" + this.headerLines + ": " + this.headerLines + "\r\n");
					this.headerLines++;
					schedule(this, HEADER_LINE_INTERVAL_NANOS);
				}
				catch (IOException ex) {
					closedByServer();
				}
			}
		}

		private void write(String text) throws IOException {
			this.pending = ByteBuffer.wrap(text.getBytes(StandardCharsets.ISO_8859_1));
			this.channel.write(this.pending);
		}

		private void closedByServer() {
			SlowHttpClients.this.closedByServer++;
			int lineEnd = this.received.indexOf("\r\n");
			String status = (lineEnd > 0) ? this.received.substring(0, lineEnd) : "(closed without a reply)";
			SlowHttpClients.this.statuses.merge(status, 1, Integer::sum);
			close();
			if (!SlowHttpClients.this.stop.get()) {
				schedule(this, RECONNECT_DELAY_NANOS);
			}
		}

		void close() {
			this.generation++;
			if (this.channel != null) {
				try {
					this.channel.close();
				}
				catch (IOException ex) {
					// Closing anyway.
				}
				this.channel = null;
			}
		}

	}

}
