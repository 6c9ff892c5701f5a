package io.dora.protocol;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.reflect.Type;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufOutputStream;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads and writes JSON bodies with one {@link JsonMapper}. Dora's envelopes are read and written token by token
 * ({@link EnvelopeJson}); params and data go through the mapper's data binding. Failures to read surface as
 * {@link DoraProtocolException}s carrying the code to answer with.
 */
public final class DoraJsonCodec {

	private final JsonMapper mapper;

	/** Reads trees of received bodies: the application's settings, and only finite numbers. */
	private final ObjectReader treeReader;


	/**
	 * Readers hold their root deserializer, so binding a param or the data of a reply looks nothing up. They also read
	 * values in the middle of an envelope, where the rest of the envelope is not "trailing tokens".
	 */
	private final Map<JavaType, ObjectReader> readers = new ConcurrentHashMap<>();

	public DoraJsonCodec(JsonMapper mapper) {
		this.mapper = mapper;
		this.treeReader = mapper.reader().with(new FiniteNumberNodeFactory());
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

	/**
	 * Appends the JSON of {@code value} to {@code out}.
	 * @throws DoraProtocolException with {@link DoraCodes#BAD_PARAMETER} when the value cannot be written as JSON
	 */
	public void write(ByteBuf out, Object value) {
		try (OutputStream stream = new ByteBufOutputStream(out)) {
			write(stream, value);
		}
		catch (JacksonException ex) {
			throw new DoraProtocolException(DoraCodes.BAD_PARAMETER,
					"value cannot be written as JSON: " + JsonErrors.scrub(ex.getOriginalMessage()), ex);
		}
		catch (IOException ex) {
			throw new IllegalStateException("Writing JSON into memory failed", ex);
		}
	}

	public byte[] writeBytes(Object value) {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
		write(bytes, value);
		return bytes.toByteArray();
	}

	/** Envelopes are written field by field, only their params and data through data binding. */
	private void write(OutputStream out, Object value) {
		if (value instanceof ResponseEnvelope<?> response) {
			try (JsonGenerator generator = this.mapper.createGenerator(out)) {
				EnvelopeJson.writeResponse(generator, response);
			}
		}
		else if (value instanceof RequestEnvelope<?> request) {
			try (JsonGenerator generator = this.mapper.createGenerator(out)) {
				EnvelopeJson.writeRequest(generator, request);
			}
		}
		else {
			this.mapper.writeValue(out, value);
		}
	}

	/** A request body with each {@code param} kept as a JSON tree for binding to the handler's type. */
	public RequestEnvelope<JsonNode> readRequest(byte[] json) {
		RequestEnvelope<JsonNode> request = parse(json, EnvelopeJson::readRequest);
		if (request == null) {
			throw new DoraProtocolException(DoraCodes.MALFORMED, "request body is empty");
		}
		return request;
	}

	/** A reply body with {@code data} kept as a JSON tree. */
	public ResponseEnvelope<JsonNode> readResponse(byte[] json) {
		return parse(json, EnvelopeJson::readResponse);
	}

	/** A single call's reply body with the result's data bound to {@code dataType}. */
	public <T> ResponseEnvelope<ApiResult<T>> readSingleResponse(byte[] json, JavaType dataType) {
		ObjectReader reader = reader(dataType);
		return parse(json,
				(parser) -> EnvelopeJson.<T>readSingleResponse(parser, () -> reader.readValue(parser)));
	}

	/** The per-API result a multi call's reply holds under one key, with its data as a tree. */
	public ApiResult<JsonNode> readResult(JsonNode node) {
		return EnvelopeJson.result(node);
	}

	private <T> T parse(byte[] json, Function<JsonParser, T> reader) {
		try (JsonParser parser = this.treeReader.createParser(json)) {
			return reader.apply(parser);
		}
		catch (JacksonException ex) {
			throw new DoraProtocolException(DoraCodes.MALFORMED, "body is not valid JSON: " + JsonErrors.describe(ex),
					ex);
		}
	}

	/**
	 * Reads a JSON document as a tree whose numbers are all finite.
	 * @param code the code to refuse a document that is not valid JSON with
	 * @param what what the document is, for the message ("request body")
	 * @throws DoraProtocolException with {@code code}, or {@link DoraCodes#BAD_PARAMETER} for a number that
	 * overflows a double
	 */
	public JsonNode readTree(byte[] json, int code, String what) {
		try {
			return this.treeReader.readTree(json);
		}
		catch (JacksonException ex) {
			throw new DoraProtocolException(code, what + " is not valid JSON: " + JsonErrors.describe(ex), ex);
		}
	}

	public <T> T read(byte[] json, JavaType type) {
		return read(json, type, DoraCodes.MALFORMED);
	}

	private <T> T read(byte[] json, JavaType type, int code) {
		try {
			return this.mapper.readValue(json, type);
		}
		catch (JacksonException ex) {
			throw new DoraProtocolException(code, "body is not valid JSON: " + JsonErrors.describe(ex), ex);
		}
	}

	/**
	 * Reads the codes of a reply in one short pass that stops as soon as they are known, cheap enough for an I/O
	 * thread: the top-level (dispatch) code, and when that is 0 and {@code data} is a single call's result, the
	 * API-level code inside it. The scan of {@code data} stops at its first member that is not a plain value, so a
	 * multi-API reply costs no more than a single one.
	 * @return the codes; {@link DoraCodes#MALFORMED} for both when the body has no readable code
	 */
	public ReplyCodes readCodes(byte[] json) {
		try (JsonParser parser = this.mapper.createParser(json)) {
			if (parser.nextToken() != JsonToken.START_OBJECT) {
				return ReplyCodes.UNREADABLE;
			}
			Integer code = null;
			Integer resultCode = null;
			boolean seenData = false;
			while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
				String name = parser.currentName();
				JsonToken value = parser.nextToken();
				if (code == null && "code".equals(name) && value == JsonToken.VALUE_NUMBER_INT) {
					code = parser.getIntValue();
				}
				else if (!seenData && "data".equals(name) && value == JsonToken.START_OBJECT) {
					seenData = true;
					// Unless the code is known already, the rest of the reply must still be read for it.
					resultCode = singleResultCode(parser, code == null);
				}
				else {
					parser.skipChildren();
				}
				if (code != null && (code != DoraCodes.OK || seenData)) {
					break;
				}
			}
			if (code == null) {
				return ReplyCodes.UNREADABLE;
			}
			return new ReplyCodes(code, (code == DoraCodes.OK && resultCode != null) ? resultCode : code);
		}
		catch (JacksonException ex) {
			return ReplyCodes.UNREADABLE;
		}
	}

	/**
	 * The {@code code} of the object the parser has just entered, if it comes before any member that is an object
	 * or array (a single call's result). With {@code finish}, the parser is left at the object's end; otherwise
	 * wherever the answer was found.
	 */
	private static Integer singleResultCode(JsonParser parser, boolean finish) {
		Integer code = null;
		boolean decided = false;
		while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
			boolean isCode = "code".equals(parser.currentName());
			JsonToken value = parser.nextToken();
			if (!decided) {
				if (value == JsonToken.START_OBJECT || value == JsonToken.START_ARRAY) {
					decided = true;
				}
				else if (isCode) {
					code = (value == JsonToken.VALUE_NUMBER_INT) ? parser.getIntValue() : null;
					decided = true;
				}
			}
			if (decided && !finish) {
				return code;
			}
			parser.skipChildren();
		}
		return code;
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

	private ObjectReader reader(JavaType type) {
		return this.readers.computeIfAbsent(type,
				(key) -> this.mapper.readerFor(key).without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS));
	}

}
