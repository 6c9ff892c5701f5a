package io.dora.protocol;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
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
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads and writes the bodies of one body codec (the frame header's codec id): JSON, or CBOR, Jackson's own binary
 * format, with a mapper derived from the application's {@link JsonMapper} so that its annotations and modules bind
 * values the same way in both. Dora's envelopes are read and written token by token ({@link EnvelopeJson}, which
 * works on any Jackson format); params and data go through the mapper's data binding. Received params and data are
 * kept as trees, which are the same whatever format they came in. Failures to read surface as
 * {@link DoraProtocolException}s carrying the code to answer with.
 */
public final class DoraBodyCodec {

	private final int id;

	private final String name;

	private final ObjectMapper mapper;

	/** Reads trees of received bodies: the application's settings, and only finite numbers. */
	private final ObjectReader treeReader;

	/** Readers hold their root deserializer; they read values in the middle of an envelope, too. */
	private final Map<JavaType, ObjectReader> readers = new ConcurrentHashMap<>();

	/** Made on first use, so that a peer that never acknowledges pays nothing at start-up. */
	private volatile AcknowledgementBody acknowledgement;

	private DoraBodyCodec(int id, String name, ObjectMapper mapper) {
		this.id = id;
		this.name = name;
		this.mapper = mapper;
		this.treeReader = mapper.reader().with(new FiniteNumberNodeFactory());
	}

	/** UTF-8 JSON (codec id 1) with the application's mapper. */
	public static DoraBodyCodec json(JsonMapper mapper) {
		return new DoraBodyCodec(DoraProtocol.CODEC_JSON, "JSON", mapper);
	}

	/** CBOR, RFC 8949 (codec id 2), with a mapper that has every setting of the application's JSON mapper. */
	public static DoraBodyCodec cbor(JsonMapper mapper) {
		return new DoraBodyCodec(DoraProtocol.CODEC_CBOR, "CBOR", DerivedMapperBuilder.cbor(mapper));
	}

	/** The codec id written in the frame header. */
	public int id() {
		return this.id;
	}

	/** The format's name, for messages. */
	public String name() {
		return this.name;
	}

	ObjectMapper mapper() {
		return this.mapper;
	}

	/**
	 * Appends the encoding of {@code value} to {@code out}.
	 * @throws DoraProtocolException with {@link DoraCodes#BAD_PARAMETER} when the value cannot be written in this format
	 */
	public void write(ByteBuf out, Object value) {
		try (OutputStream stream = new ByteBufOutputStream(out)) {
			write(stream, value);
		}
		catch (JacksonException ex) {
			throw new DoraProtocolException(DoraCodes.BAD_PARAMETER,
					"value cannot be written as " + this.name + ": " + JsonErrors.scrub(ex.getOriginalMessage()), ex);
		}
		catch (IOException ex) {
			throw new IllegalStateException("Writing " + this.name + " into memory failed", ex);
		}
	}

	public byte[] writeBytes(Object value) {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
		write(bytes, value);
		return bytes.toByteArray();
	}

	/** Envelopes and results are written field by field, only their params and data through data binding. */
	private void write(OutputStream out, Object value) {
		if (value instanceof ResponseEnvelope<?> response) {
			try (JsonGenerator generator = this.mapper.createGenerator(out)) {
				EnvelopeJson.writeResponse(generator, response);
			}
		}
		else if (value instanceof ApiResult<?> result) {
			try (JsonGenerator generator = this.mapper.createGenerator(out)) {
				EnvelopeJson.writeResult(generator, result);
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

	/** A request body with each {@code param} kept as a tree for binding to the handler's type. */
	public RequestEnvelope<JsonNode> readRequest(byte[] body) {
		RequestEnvelope<JsonNode> request = parse(body, EnvelopeJson::readRequest);
		if (request == null) {
			throw new DoraProtocolException(DoraCodes.MALFORMED, "request body is empty");
		}
		return request;
	}

	/** A reply body with {@code data} kept as a tree. */
	public ResponseEnvelope<JsonNode> readResponse(byte[] body) {
		return parse(body, EnvelopeJson::readResponse);
	}

	/** A single call's reply body with the result's data bound to {@code dataType}. */
	public <T> ResponseEnvelope<ApiResult<T>> readSingleResponse(byte[] body, JavaType dataType) {
		ObjectReader reader = reader(dataType);
		return parse(body,
				(parser) -> EnvelopeJson.<T>readSingleResponse(parser, () -> reader.readValue(parser)));
	}

	private <T> T parse(byte[] body, Function<JsonParser, T> reader) {
		try (JsonParser parser = this.treeReader.createParser(body)) {
			return reader.apply(parser);
		}
		catch (JacksonException ex) {
			throw new DoraProtocolException(DoraCodes.MALFORMED, "body is not valid " + this.name + ": " + JsonErrors.describe(ex),
					ex);
		}
	}

	/**
	 * Reads a document as a tree whose numbers are all finite.
	 * @param code the code to refuse a document that is not valid in this format with
	 * @param what what the document is, for the message ("request body")
	 * @throws DoraProtocolException with {@code code}, or {@link DoraCodes#BAD_PARAMETER} for a number that
	 * overflows a double
	 */
	public JsonNode readTree(byte[] body, int code, String what) {
		try {
			return this.treeReader.readTree(body);
		}
		catch (JacksonException ex) {
			throw new DoraProtocolException(code, what + " is not valid " + this.name + ": " + JsonErrors.describe(ex), ex);
		}
	}

	public <T> T read(byte[] body, JavaType type) {
		return read(body, type, DoraCodes.MALFORMED);
	}

	private <T> T read(byte[] body, JavaType type, int code) {
		try {
			return this.mapper.readValue(body, type);
		}
		catch (JacksonException ex) {
			throw new DoraProtocolException(code, "body is not valid " + this.name + ": " + JsonErrors.describe(ex), ex);
		}
	}

	/**
	 * Reads the codes of a reply in one short pass that stops as soon as they are known, cheap enough for an I/O
	 * thread: the top-level (dispatch) code, and when that is 0 and {@code data} is a single call's result, the
	 * API-level code inside it. The scan of {@code data} stops at its first member that is not a plain value, so a
	 * multi-API reply costs no more than a single one.
	 * @return the codes; {@link DoraCodes#MALFORMED} for both when the body has no readable code
	 */
	public ReplyCodes readCodes(byte[] body) {
		try (JsonParser parser = this.mapper.createParser(body)) {
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
	 * Whether {@code body} is, byte for byte, the acknowledgement (100001) this codec writes for {@code guid}: such a
	 * reply needs no parsing, its codes and its guid are known.
	 */
	public boolean isAcknowledgement(byte[] body, Guid guid) {
		return body != null && acknowledgement().matches(body, guid);
	}

	/** The pre-encoded acknowledgement body of this codec. */
	AcknowledgementBody acknowledgement() {
		AcknowledgementBody body = this.acknowledgement;
		if (body == null) {
			// Two threads may both make it: the results are equal.
			body = AcknowledgementBody.of(this);
			this.acknowledgement = body;
		}
		return body;
	}

	private ObjectReader reader(JavaType type) {
		return this.readers.computeIfAbsent(type,
				(key) -> this.mapper.readerFor(key).without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS));
	}

	@Override
	public String toString() {
		return this.name;
	}

}
