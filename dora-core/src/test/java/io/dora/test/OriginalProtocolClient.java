package io.dora.test;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

import io.dora.protocol.original.OriginalProtocol;
import io.dora.protocol.original.OriginalWireOptions;
import io.dora.protocol.original.PhpSerializer;
import io.dora.protocol.original.PhpUnserializer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * A client of the original PHP Dora RPC's TCP protocol, written for tests from the behaviour the reference
 * describes: one blocking socket, md5-shaped guids, {@code singleAPI}/{@code multiAPI} in modes 0, 1 and 2,
 * {@code waitResult}'s loop (a reply is the frame whose body guid is the call's; a pushed result of an earlier
 * async call met on the way is kept with {@code fromwait: 1}; anything else is dropped), {@code getAsyncData()}
 * and {@code getStat()}. Results have the original client's three levels: {@code {guid, code, msg, data}} of the
 * transport around the server's envelope.
 */
public final class OriginalProtocolClient implements AutoCloseable {

	public static final int WAIT_RESULT = 0;

	public static final int NO_RESULT = 1;

	public static final int ASYNC_RESULT = 2;

	private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

	private static final JsonMapper MAPPER = JsonMapper.builder().build();

	private final Socket socket;

	private final DataInputStream in;

	private final OutputStream out;

	private final OriginalWireOptions options;

	private final Set<String> asyncList = new LinkedHashSet<>();

	private final Map<String, JsonNode> asyncResults = new LinkedHashMap<>();

	private String guid;

	public OriginalProtocolClient(int port) throws IOException {
		this(port, OriginalWireOptions.DEFAULTS);
	}

	public OriginalProtocolClient(int port, OriginalWireOptions options) throws IOException {
		this.socket = new Socket("127.0.0.1", port);
		this.socket.setSoTimeout(3_000);
		this.in = new DataInputStream(this.socket.getInputStream());
		this.out = this.socket.getOutputStream();
		this.options = options;
	}

	/** {@code singleAPI($name, $param, $mode)}. */
	public JsonNode singleAPI(String name, Object param, int mode) throws IOException {
		ObjectNode api = NODES.objectNode();
		api.set("one", entry(name, param));
		return request(api, type(mode, "S"));
	}

	/** {@code multiAPI($params, $mode)} with {@code key => [name, param]}. */
	public JsonNode multiAPI(Map<String, List<Object>> apis, int mode) throws IOException {
		ObjectNode api = NODES.objectNode();
		apis.forEach((key, call) -> api.set(key, entry((String) call.get(0), call.get(1))));
		return request(api, type(mode, "M"));
	}

	/** {@code getStat()}: the server's envelope. */
	public JsonNode getStat() throws IOException {
		return command("getStat");
	}

	/** A control command ({@code SC}) of any name: the server's envelope. */
	public JsonNode command(String name) throws IOException {
		ObjectNode api = NODES.objectNode();
		api.set("cmd", entry(name, List.of()));
		return request(api, OriginalProtocol.CONTROL_TYPE).get("data");
	}

	private static ObjectNode entry(String name, Object param) {
		ObjectNode entry = NODES.objectNode();
		entry.put("name", name);
		entry.set("param", MAPPER.valueToTree(param));
		return entry;
	}

	private static String type(int mode, String form) {
		return switch (mode) {
			case WAIT_RESULT -> "W_" + form;
			case NO_RESULT -> "AN_" + form;
			case ASYNC_RESULT -> "AM_" + form;
			default -> throw new IllegalArgumentException("unknow mode have been set");
		};
	}

	private JsonNode request(ObjectNode api, String type) throws IOException {
		this.guid = newGuid();
		ObjectNode packet = NODES.objectNode();
		packet.set("api", api);
		packet.put("guid", this.guid);
		packet.put("type", type);
		send(this.guid, PhpSerializer.serialize(packet));
		if (type.startsWith("AM_")) {
			this.asyncList.add(this.guid);
		}
		return waitResult();
	}

	/** Sends one frame with the given guid and body, compressed and signed as the options say. */
	public void send(String frameGuid, byte[] serialized) throws IOException {
		byte[] body = this.options.compressed() ? gzip(serialized) : serialized;
		java.io.ByteArrayOutputStream frame = new java.io.ByteArrayOutputStream();
		java.io.DataOutputStream data = new java.io.DataOutputStream(frame);
		data.writeInt(this.options.headerLength() + body.length);
		if (this.options.signed()) {
			data.writeInt(this.options.signature(body));
		}
		data.write(frameGuid.getBytes(StandardCharsets.ISO_8859_1));
		data.write(body);
		sendRaw(frame.toByteArray());
	}

	public void sendRaw(byte[] bytes) throws IOException {
		this.out.write(bytes);
		this.out.flush();
	}

	private JsonNode waitResult() throws IOException {
		while (true) {
			JsonNode reply;
			try {
				reply = readEnvelope();
			}
			catch (SocketTimeoutException | java.io.EOFException ex) {
				return level(this.guid, 100009, "the recive wrong or timeout", NODES.arrayNode());
			}
			String replyGuid = reply.path("guid").asString();
			if (replyGuid.equals(this.guid)) {
				return level(this.guid, 0, "OK", reply);
			}
			if (this.asyncList.contains(replyGuid) && reply.path("isresult").asInt() == 1) {
				this.asyncList.remove(replyGuid);
				this.asyncResults.put(replyGuid, ((ObjectNode) reply).put("fromwait", 1));
			}
		}
	}

	/** {@code getAsyncData()}: every pending async result, by guid; 100009 for those that do not come. */
	public JsonNode getAsyncData() throws IOException {
		while (!this.asyncList.isEmpty()) {
			JsonNode reply;
			try {
				reply = readEnvelope();
			}
			catch (SocketTimeoutException | java.io.EOFException ex) {
				int code = (ex instanceof SocketTimeoutException) ? 100009 : 100012;
				for (String pending : new ArrayList<>(this.asyncList)) {
					this.asyncResults.put(pending, level(pending, code, "the recive wrong or timeout", NODES.arrayNode()));
				}
				this.asyncList.clear();
				break;
			}
			String replyGuid = reply.path("guid").asString();
			if (this.asyncList.contains(replyGuid) && reply.path("isresult").asInt() == 1) {
				this.asyncList.remove(replyGuid);
				this.asyncResults.put(replyGuid, ((ObjectNode) reply).put("fromwait", 0));
			}
		}
		ObjectNode results = NODES.objectNode();
		this.asyncResults.forEach(results::set);
		this.asyncResults.clear();
		return level(this.guid, 0, "OK", results);
	}

	/** Reads one frame and returns its unserialized body. */
	public JsonNode readEnvelope() throws IOException {
		return new PhpUnserializer().read(readBody());
	}

	/** Reads one frame's body, inflated, after checking its signature. */
	public byte[] readBody() throws IOException {
		return readBody(true);
	}

	/** Reads one frame's body, inflated, without checking its signature (as a client with another salt would). */
	public byte[] readBodyUnchecked() throws IOException {
		return readBody(false);
	}

	private byte[] readBody(boolean checkSignature) throws IOException {
		int length = this.in.readInt();
		int signature = this.options.signed() ? this.in.readInt() : 0;
		byte[] header = new byte[OriginalProtocol.GUID_LENGTH];
		this.in.readFully(header);
		byte[] body = new byte[length - this.options.headerLength()];
		this.in.readFully(body);
		if (checkSignature && this.options.signed() && signature != this.options.signature(body)) {
			throw new IOException("Signed check error!");
		}
		return this.options.compressed() ? gunzip(body) : body;
	}

	/** Whether the server closed the connection (end of stream) within the socket timeout. */
	public boolean isClosedByPeer() {
		try {
			return this.in.read() == -1;
		}
		catch (SocketTimeoutException ex) {
			return false;
		}
		catch (IOException ex) {
			return true;
		}
	}

	/**
	 * Reads the next reply and adds its code, or says that the server closed the connection; fails when neither
	 * happens within the socket timeout.
	 */
	public boolean isClosedByPeerAfterReading(List<Integer> codes) throws IOException {
		try {
			codes.add(readEnvelope().path("code").asInt());
			return false;
		}
		catch (java.io.EOFException | java.net.SocketException ex) {
			return true;
		}
	}

	public void setReadTimeout(int millis) throws IOException {
		this.socket.setSoTimeout(millis);
	}

	private static ObjectNode level(String guid, int code, String msg, JsonNode data) {
		ObjectNode level = NODES.objectNode();
		level.put("guid", guid);
		level.put("code", code);
		level.put("msg", msg);
		level.set("data", data);
		return level;
	}

	/** A guid of the original's shape: 32 lowercase hex characters, unique among pending async calls. */
	private String newGuid() {
		String candidate;
		do {
			byte[] random = new byte[16];
			ThreadLocalRandom.current().nextBytes(random);
			candidate = HexFormat.of().formatHex(random);
		}
		while (this.asyncList.contains(candidate));
		return candidate;
	}

	private static byte[] gzip(byte[] bytes) throws IOException {
		java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
		try (java.util.zip.GZIPOutputStream gzip = new java.util.zip.GZIPOutputStream(out)) {
			gzip.write(bytes);
		}
		return out.toByteArray();
	}

	private static byte[] gunzip(byte[] bytes) throws IOException {
		try (java.util.zip.GZIPInputStream gzip = new java.util.zip.GZIPInputStream(
				new java.io.ByteArrayInputStream(bytes))) {
			return gzip.readAllBytes();
		}
	}

	@Override
	public void close() throws IOException {
		this.socket.close();
	}

}
