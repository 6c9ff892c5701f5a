package io.dora.protocol;

import java.lang.reflect.Type;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.netty.buffer.ByteBuf;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.json.JsonMapper;

/**
 * Dora's use of the application's {@link JsonMapper}: the body codecs derived from it ({@link DoraBodyCodec}, one
 * per codec id of the frame header), JSON bodies for the HTTP endpoint, and the binding of received trees (params,
 * data) to Java types, which is the same whatever codec the tree came in.
 */
public final class DoraJsonCodec {

	/** The binary codec's format is an optional dependency of dora-core; the starter brings it. */
	private static final boolean CBOR_PRESENT = isPresent("tools.jackson.dataformat.cbor.CBORFactory");

	private final JsonMapper mapper;

	private final DoraBodyCodec json;

	/** Whether the binary codec (CBOR) is read and written; a provider without it answers it 100006. */
	private final boolean binaryBodies;

	private volatile DoraBodyCodec cbor;

	/**
	 * Readers hold their root deserializer, so binding a param or the data of a reply looks nothing up.
	 */
	private final Map<JavaType, ObjectReader> readers = new ConcurrentHashMap<>();

	/** A codec for JSON and CBOR bodies. */
	public DoraJsonCodec(JsonMapper mapper) {
		this(mapper, true);
	}

	/**
	 * @param mapper the application's mapper
	 * @param binaryBodies whether CBOR bodies (codec id 2) are spoken too; without, only JSON is, as by a peer of a
	 * version before the binary codec; ignored (false) when {@code jackson-dataformat-cbor} is not on the class path
	 */
	public DoraJsonCodec(JsonMapper mapper, boolean binaryBodies) {
		this.mapper = mapper;
		this.json = DoraBodyCodec.json(mapper);
		this.binaryBodies = binaryBodies && CBOR_PRESENT;
	}

	public JsonMapper mapper() {
		return this.mapper;
	}

	public JavaType type(Type type) {
		return this.mapper.getTypeFactory().constructType(type);
	}

	public JavaType type(Class<?> generic, Class<?>... parameters) {
		return this.mapper.getTypeFactory().constructParametricType(generic, parameters);
	}

	public JavaType type(Class<?> generic, JavaType... parameters) {
		return this.mapper.getTypeFactory().constructParametricType(generic, parameters);
	}

	/** The codec of the given header id, or {@code null} when this peer does not speak it. */
	public DoraBodyCodec bodyCodec(int id) {
		if (id == DoraProtocol.CODEC_JSON) {
			return this.json;
		}
		if (id == DoraProtocol.CODEC_CBOR && this.binaryBodies) {
			DoraBodyCodec cbor = this.cbor;
			if (cbor == null) {
				// Made on first use: deriving the mapper costs start-up time that JSON-only peers need not pay.
				cbor = DoraBodyCodec.cbor(this.mapper);
				this.cbor = cbor;
			}
			return cbor;
		}
		return null;
	}

	/** Whether this peer reads bodies of the given header codec id; {@link DoraProtocol#CODEC_NONE} included. */
	public boolean supports(int id) {
		return id == DoraProtocol.CODEC_NONE || id == DoraProtocol.CODEC_JSON
				|| (id == DoraProtocol.CODEC_CBOR && this.binaryBodies);
	}

	/** The JSON body codec. */
	public DoraBodyCodec json() {
		return this.json;
	}

	/** Appends the JSON of {@code value} to {@code out}; see {@link DoraBodyCodec#write(ByteBuf, Object)}. */
	public void write(ByteBuf out, Object value) {
		this.json.write(out, value);
	}

	public byte[] writeBytes(Object value) {
		return this.json.writeBytes(value);
	}

	/** A JSON request body; see {@link DoraBodyCodec#readRequest(byte[])}. */
	public RequestEnvelope<JsonNode> readRequest(byte[] json) {
		return this.json.readRequest(json);
	}

	/** A JSON reply body; see {@link DoraBodyCodec#readResponse(byte[])}. */
	public ResponseEnvelope<JsonNode> readResponse(byte[] json) {
		return this.json.readResponse(json);
	}

	/** A single call's JSON reply; see {@link DoraBodyCodec#readSingleResponse(byte[], JavaType)}. */
	public <T> ResponseEnvelope<ApiResult<T>> readSingleResponse(byte[] json, JavaType dataType) {
		return this.json.readSingleResponse(json, dataType);
	}

	/** A JSON document as a tree; see {@link DoraBodyCodec#readTree(byte[], int, String)}. */
	public JsonNode readTree(byte[] json, int code, String what) {
		return this.json.readTree(json, code, what);
	}

	public <T> T read(byte[] json, JavaType type) {
		return this.json.read(json, type);
	}

	/** The codes of a JSON reply; see {@link DoraBodyCodec#readCodes(byte[])}. */
	public ReplyCodes readCodes(byte[] json) {
		return this.json.readCodes(json);
	}

	/** The per-API result a multi call's reply holds under one key, with its data as a tree. */
	public ApiResult<JsonNode> readResult(JsonNode node) {
		return EnvelopeJson.result(node);
	}

	/**
	 * A reader that binds call parameters to {@code type}. Stricter than the mapper's defaults in one respect: a
	 * missing or null value for a primitive is an error rather than a silent zero.
	 */
	public ObjectReader paramReader(JavaType type) {
		return this.mapper.readerFor(type).with(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
	}

	/**
	 * Binds a JSON tree with a reader from {@link #paramReader(JavaType)}.
	 * @throws DoraProtocolException with {@link DoraCodes#BAD_PARAMETER} when it does not fit
	 */
	public <T> T convert(JsonNode tree, ObjectReader reader) {
		try {
			return reader.readValue(tree);
		}
		catch (JacksonException ex) {
			throw new DoraProtocolException(DoraCodes.BAD_PARAMETER,
					"cannot read " + BindingErrors.describe(ex, reader.getValueType()), ex);
		}
		catch (IllegalArgumentException ex) {
			throw new DoraProtocolException(DoraCodes.BAD_PARAMETER,
					"cannot read param: expected " + BindingErrors.kind(reader.getValueType().getRawClass()), ex);
		}
	}

	/**
	 * Binds a JSON tree to a type.
	 * @throws DoraProtocolException with {@link DoraCodes#BAD_PARAMETER} when it does not fit
	 */
	@SuppressWarnings("unchecked")
	public <T> T convert(JsonNode tree, JavaType type) {
		if (tree == null) {
			return null;
		}
		if (JsonNode.class.isAssignableFrom(type.getRawClass()) && type.getRawClass().isInstance(tree)) {
			return (T) tree;
		}
		try {
			return reader(type).readValue(tree);
		}
		catch (JacksonException ex) {
			throw new DoraProtocolException(DoraCodes.BAD_PARAMETER, "cannot read " + JsonErrors.describe(ex), ex);
		}
		catch (IllegalArgumentException ex) {
			throw new DoraProtocolException(DoraCodes.BAD_PARAMETER,
					"cannot read: expected " + BindingErrors.kind(type.getRawClass()), ex);
		}
	}

	private static boolean isPresent(String className) {
		try {
			Class.forName(className, false, DoraJsonCodec.class.getClassLoader());
			return true;
		}
		catch (ClassNotFoundException | LinkageError ex) {
			return false;
		}
	}

	private ObjectReader reader(JavaType type) {
		return this.readers.computeIfAbsent(type,
				(key) -> this.mapper.readerFor(key).without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS));
	}

}
