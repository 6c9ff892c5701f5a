package io.dora.protocol.original;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import io.dora.protocol.DoraProtocolException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reads the text of PHP's {@code serialize()} into a JSON tree, for bytes from anyone. Only plain data is accepted:
 * arrays ({@code a:}), strings ({@code s:}, byte lengths, UTF-8), integers ({@code i:}, 64 bits), floats
 * ({@code d:}), booleans ({@code b:}) and null ({@code N;}). Objects ({@code O:}), custom-serialized classes
 * ({@code C:}), references ({@code r:}, {@code R:}), enums and anything else are refused: nothing received is ever
 * turned into an object of a class the sender names.
 * <p>
 * An array whose keys are the integers 0, 1, 2, … in that order becomes a JSON array (an empty one included, as
 * PHP's {@code json_encode} writes it); any other array becomes a JSON object whose keys are the PHP keys as text.
 * Every length and count is checked against the bytes that are left, and against the limits, before anything is
 * allocated for it. Failures are {@link DoraProtocolException}s with {@link OriginalProtocol#BAD_PACKET}, saying
 * what was wrong and at which byte offset.
 */
public final class PhpUnserializer {

	/** Default deepest nesting of arrays. */
	public static final int DEFAULT_MAX_DEPTH = 64;

	/** Default largest number of array elements in one document, all arrays together. */
	public static final int DEFAULT_MAX_ELEMENTS = 100_000;

	/** The shortest element: {@code i:0;N;}. */
	private static final int MIN_ELEMENT_BYTES = 6;

	/** Longest integer or length field: 19 digits and a sign. */
	private static final int MAX_INTEGER_CHARS = 20;

	private static final int MAX_FLOAT_CHARS = 64;

	private final int maxDepth;

	private final int maxElements;

	/** An unserializer with the default limits. */
	public PhpUnserializer() {
		this(DEFAULT_MAX_DEPTH, DEFAULT_MAX_ELEMENTS);
	}

	/**
	 * @param maxDepth deepest nesting of arrays accepted; a top-level array is depth 1
	 * @param maxElements largest number of array elements in one document
	 */
	public PhpUnserializer(int maxDepth, int maxElements) {
		this.maxDepth = maxDepth;
		this.maxElements = maxElements;
	}

	/**
	 * Reads one value that spans all of {@code bytes}.
	 * @throws DoraProtocolException with {@link OriginalProtocol#BAD_PACKET} when the bytes are not such a value
	 */
	public JsonNode read(byte[] bytes) {
		Cursor cursor = new Cursor(bytes);
		JsonNode value = cursor.value(0);
		if (cursor.position != bytes.length) {
			throw cursor.refuse((bytes.length - cursor.position) + " bytes follow the serialized value");
		}
		return value;
	}

	private final class Cursor {

		private final byte[] bytes;

		private int position;

		private int elements;

		Cursor(byte[] bytes) {
			this.bytes = bytes;
		}

		JsonNode value(int depth) {
			int start = this.position;
			byte tag = next("a value");
			switch (tag) {
				case 'N' -> {
					expect(';');
					return JsonNodeFactory.instance.nullNode();
				}
				case 'b' -> {
					expect(':');
					byte flag = next("a boolean");
					if (flag != '0' && flag != '1') {
						throw refuseAt(this.position - 1, "a boolean is b:0 or b:1");
					}
					expect(';');
					return JsonNodeFactory.instance.booleanNode(flag == '1');
				}
				case 'i' -> {
					expect(':');
					long value = integer(';');
					return (value == (int) value) ? JsonNodeFactory.instance.numberNode((int) value)
							: JsonNodeFactory.instance.numberNode(value);
				}
				case 'd' -> {
					expect(':');
					return JsonNodeFactory.instance.numberNode(decimal());
				}
				case 's' -> {
					expect(':');
					return JsonNodeFactory.instance.stringNode(string());
				}
				case 'a' -> {
					expect(':');
					return array(depth + 1);
				}
				default -> throw refuseAt(start, describe(tag));
			}
		}

		private JsonNode array(int depth) {
			int start = this.position - 2;
			if (depth > PhpUnserializer.this.maxDepth) {
				throw refuseAt(start, "arrays nested deeper than " + PhpUnserializer.this.maxDepth);
			}
			long count = integer(':');
			if (count < 0) {
				throw refuseAt(start, "an array cannot have " + count + " elements");
			}
			if (count > (this.bytes.length - this.position) / MIN_ELEMENT_BYTES) {
				throw refuseAt(start, "an array of " + count + " elements does not fit in the "
						+ (this.bytes.length - this.position) + " bytes left");
			}
			if (this.elements + count > PhpUnserializer.this.maxElements) {
				throw refuseAt(start, "more than " + PhpUnserializer.this.maxElements + " array elements");
			}
			this.elements += (int) count;
			expect('{');
			List<String> keys = new ArrayList<>((int) count);
			List<JsonNode> values = new ArrayList<>((int) count);
			boolean sequential = true;
			for (int i = 0; i < count; i++) {
				String key = key();
				sequential &= key.equals(Integer.toString(i));
				keys.add(key);
				values.add(value(depth));
			}
			expect('}');
			if (sequential) {
				ArrayNode list = JsonNodeFactory.instance.arrayNode((int) count);
				values.forEach(list::add);
				return list;
			}
			ObjectNode map = JsonNodeFactory.instance.objectNode();
			for (int i = 0; i < keys.size(); i++) {
				if (map.has(keys.get(i))) {
					throw refuseAt(start, "the key '" + keys.get(i) + "' appears twice in one array");
				}
				map.set(keys.get(i), values.get(i));
			}
			return map;
		}

		/** A key as text: an integer key, or a string key, which PHP also turns into an integer if it is one. */
		private String key() {
			int start = this.position;
			byte tag = next("an array key");
			expect(':');
			if (tag == 'i') {
				return Long.toString(integer(';'));
			}
			if (tag == 's') {
				String key = string();
				Long numeric = PhpSerializer.canonicalInteger(key);
				return (numeric != null) ? numeric.toString() : key;
			}
			throw refuseAt(start, "an array key is an integer (i:) or a string (s:), not " + describe(tag));
		}

		private String string() {
			int start = this.position - 2;
			long length = integer(':');
			if (length < 0 || length > this.bytes.length - this.position - 3) {
				throw refuseAt(start, "a string of " + length + " bytes does not fit in the "
						+ (this.bytes.length - this.position) + " bytes left");
			}
			expect('"');
			int from = this.position;
			this.position += (int) length;
			expect('"');
			expect(';');
			try {
				return StandardCharsets.UTF_8.newDecoder()
					.onMalformedInput(CodingErrorAction.REPORT)
					.onUnmappableCharacter(CodingErrorAction.REPORT)
					.decode(ByteBuffer.wrap(this.bytes, from, (int) length))
					.toString();
			}
			catch (CharacterCodingException ex) {
				throw refuseAt(start, "a string is not valid UTF-8");
			}
		}

		/** A decimal integer as PHP writes it (no sign but '-', no leading zeros), up to {@code end}. */
		private long integer(char end) {
			int start = this.position;
			int limit = Math.min(this.bytes.length, start + MAX_INTEGER_CHARS + 1);
			int at = start;
			while (at < limit && this.bytes[at] != end) {
				at++;
			}
			if (at == limit) {
				throw refuseAt(start, "expected a whole number ending in '" + end + "'");
			}
			String text = new String(this.bytes, start, at - start, StandardCharsets.ISO_8859_1);
			Long value = PhpSerializer.canonicalInteger(text);
			if (value == null) {
				throw refuseAt(start, "'" + text + "' is not a whole number of 64 bits");
			}
			this.position = at + 1;
			return value;
		}

		private double decimal() {
			int start = this.position;
			int limit = Math.min(this.bytes.length, start + MAX_FLOAT_CHARS + 1);
			int at = start;
			while (at < limit && this.bytes[at] != ';') {
				at++;
			}
			if (at == limit) {
				throw refuseAt(start, "expected a float ending in ';'");
			}
			String text = new String(this.bytes, start, at - start, StandardCharsets.ISO_8859_1);
			this.position = at + 1;
			switch (text) {
				case "INF" -> {
					return Double.POSITIVE_INFINITY;
				}
				case "-INF" -> {
					return Double.NEGATIVE_INFINITY;
				}
				case "NAN" -> {
					return Double.NaN;
				}
				default -> {
					if (!text.matches("-?[0-9]+(\\.[0-9]+)?([eE][+-]?[0-9]+)?")) {
						throw refuseAt(start, "'" + text + "' is not a float");
					}
					return Double.parseDouble(text);
				}
			}
		}

		private byte next(String what) {
			if (this.position >= this.bytes.length) {
				throw refuseAt(this.position, "the data ends where " + what + " was expected");
			}
			return this.bytes[this.position++];
		}

		private void expect(char expected) {
			int at = this.position;
			if (next("'" + expected + "'") != expected) {
				throw refuseAt(at, "expected '" + expected + "'");
			}
		}

		DoraProtocolException refuse(String reason) {
			return refuseAt(this.position, reason);
		}

		private DoraProtocolException refuseAt(int offset, String reason) {
			return new DoraProtocolException(OriginalProtocol.BAD_PACKET,
					"body is not a PHP serialize() value Dora accepts: " + reason + " (at byte " + offset + ")");
		}

	}

	private static String describe(byte tag) {
		return switch (tag) {
			case 'O', 'o' -> "objects (O:) are refused";
			case 'C' -> "custom-serialized classes (C:) are refused";
			case 'r', 'R' -> "references (" + (char) tag + ":) are refused";
			case 'E' -> "enums (E:) are refused";
			case 'S' -> "escaped strings (S:) are refused";
			default -> (tag >= 0x20 && tag < 0x7F) ? "'" + (char) tag + "' starts no value Dora accepts"
					: "byte 0x" + Integer.toHexString(tag & 0xFF) + " starts no value";
		};
	}

}
