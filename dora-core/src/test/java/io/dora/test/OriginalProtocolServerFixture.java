package io.dora.test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

import io.dora.protocol.original.OriginalProtocol;
import io.dora.protocol.original.OriginalWireOptions;
import io.dora.protocol.original.PhpSerializer;
import io.dora.protocol.original.PhpUnserializer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * A small provider speaking the original PHP Dora RPC's protocol, written for tests from the behaviour the
 * reference describes ({@code BackEndServer}'s {@code onReceive}/{@code onFinish}): replies and acknowledgements
 * as {@code {guid, code, msg, data}} with the body guid in the header, {@code W_S}/{@code W_M} answered once every
 * entry has run, {@code AN_*} acknowledged with 100001, {@code AM_*} acknowledged and then pushed with
 * {@code isresult: 1}, {@code SC getStat}, 100002 for other types. Its {@code doWork} answers
 * {@code {api, param}}, throws (code 4001) for {@code /fail}, and waits for {@code /slow}.
 */
public final class OriginalProtocolServerFixture implements AutoCloseable {

	private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

	private final ServerSocket server;

	private final OriginalWireOptions options;

	private final ExecutorService threads = Executors.newCachedThreadPool();

	private final List<Socket> sockets = new CopyOnWriteArrayList<>();

	private final Map<String, AtomicInteger> executions = new ConcurrentHashMap<>();

	public OriginalProtocolServerFixture(OriginalWireOptions options) throws IOException {
		this.options = options;
		this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
		this.threads.execute(this::accept);
	}

	public int port() {
		return this.server.getLocalPort();
	}

	public String endpoint() {
		return "127.0.0.1:" + port();
	}

	/** How often {@code doWork} ran an API name. */
	public int executions(String api) {
		AtomicInteger count = this.executions.get(api);
		return (count != null) ? count.get() : 0;
	}

	private void accept() {
		while (!this.server.isClosed()) {
			try {
				Socket socket = this.server.accept();
				this.sockets.add(socket);
				this.threads.execute(() -> serve(socket));
			}
			catch (IOException ex) {
				return;
			}
		}
	}

	private void serve(Socket socket) {
		try (socket) {
			DataInputStream in = new DataInputStream(socket.getInputStream());
			OutputStream out = socket.getOutputStream();
			while (true) {
				int length = in.readInt();
				int signature = this.options.signed() ? in.readInt() : 0;
				in.skipNBytes(OriginalProtocol.GUID_LENGTH);
				byte[] body = new byte[length - this.options.headerLength()];
				in.readFully(body);
				if (this.options.signed() && signature != this.options.signature(body)) {
					continue;
				}
				onReceive(new PhpUnserializer().read(this.options.compressed() ? gunzip(body) : body), out);
			}
		}
		catch (IOException ex) {
			// The client went away.
		}
	}

	private void onReceive(JsonNode request, OutputStream out) throws IOException {
		String guid = request.path("guid").asString();
		String type = request.path("type").asString();
		JsonNode api = request.path("api");
		switch (type) {
			// Like the original's task workers, work runs apart from the connection, which goes on reading.
			case "W_S", "W_M" -> this.threads.execute(() -> finish(out, guid, type, api, null));
			case "AN_S", "AN_M" -> {
				send(out, accepted(guid));
				this.threads.execute(() -> doWorkAll(guid, api));
			}
			case "AM_S", "AM_M" -> {
				send(out, accepted(guid));
				this.threads.execute(() -> finish(out, guid, type, api, 1));
			}
			case "SC" -> {
				ObjectNode stats = NODES.objectNode();
				stats.putObject("server").put("connection_num", this.sockets.size());
				stats.putObject("logqueue").put("queue_num", 0);
				send(out, envelope(guid, 0, "OK", stats));
			}
			default -> send(out, envelope(guid, 100002, "unknow task type.未知类型任务", NODES.arrayNode()));
		}
	}

	/** Runs a request's work and sends its reply, or pushes it as a result when {@code isresult} is set. */
	private void finish(OutputStream out, String guid, String type, JsonNode api, Integer isresult) {
		JsonNode data = type.endsWith("_S") ? doWork(guid, api.get("one")) : doWorkAll(guid, api);
		ObjectNode reply = envelope(guid, 0, "OK", data);
		if (isresult != null) {
			reply.put("isresult", isresult);
		}
		try {
			send(out, reply);
		}
		catch (IOException ex) {
			// The client went away; the original drops the result too.
		}
	}

	private static ObjectNode accepted(String guid) {
		return envelope(guid, 100001, "transfer success.已经成功投递", NODES.arrayNode());
	}

	private ObjectNode doWorkAll(String guid, JsonNode api) {
		ObjectNode results = NODES.objectNode();
		api.properties().forEach((entry) -> results.set(entry.getKey(), doWork(guid, entry.getValue())));
		return results;
	}

	/** The per-API result of the user's doWork. */
	private ObjectNode doWork(String guid, JsonNode call) {
		String name = call.path("name").asString();
		this.executions.computeIfAbsent(name, (key) -> new AtomicInteger()).incrementAndGet();
		if (name.equals("/fail")) {
			return envelope(guid, 4001, "failed on purpose", NODES.arrayNode());
		}
		if (name.equals("/slow")) {
			try {
				Thread.sleep(call.path("param").asLong());
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
		ObjectNode data = NODES.objectNode();
		data.put("api", name);
		data.set("param", call.get("param"));
		return envelope(guid, 0, "OK", data);
	}

	private static ObjectNode envelope(String guid, int code, String msg, JsonNode data) {
		ObjectNode envelope = NODES.objectNode();
		envelope.put("guid", guid);
		envelope.put("code", code);
		envelope.put("msg", msg);
		envelope.set("data", data);
		return envelope;
	}

	private void send(OutputStream out, ObjectNode envelope) throws IOException {
		byte[] serialized = PhpSerializer.serialize(envelope);
		byte[] body = this.options.compressed() ? gzip(serialized) : serialized;
		ByteArrayOutputStream frame = new ByteArrayOutputStream();
		DataOutputStream data = new DataOutputStream(frame);
		data.writeInt(this.options.headerLength() + body.length);
		if (this.options.signed()) {
			data.writeInt(this.options.signature(body));
		}
		data.write(envelope.path("guid").asString().getBytes(StandardCharsets.ISO_8859_1));
		data.write(body);
		synchronized (out) {
			out.write(frame.toByteArray());
			out.flush();
		}
	}

	private static byte[] gzip(byte[] bytes) throws IOException {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
			gzip.write(bytes);
		}
		return out.toByteArray();
	}

	private static byte[] gunzip(byte[] bytes) throws IOException {
		try (GZIPInputStream gzip = new GZIPInputStream(new ByteArrayInputStream(bytes))) {
			return gzip.readAllBytes();
		}
	}

	@Override
	public void close() throws IOException {
		this.server.close();
		for (Socket socket : this.sockets) {
			socket.close();
		}
		this.threads.shutdownNow();
	}

}
