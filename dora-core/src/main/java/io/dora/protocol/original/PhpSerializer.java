package io.dora.protocol.original;

import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import tools.jackson.databind.JsonNode;

/**
 * Writes a JSON tree as PHP's {@code serialize()} would write the same PHP value, byte for byte: objects become
 * arrays with string keys (keys that are decimal integers become integer keys, as PHP makes them), arrays become
 * arrays with the keys 0, 1, 2, …, strings are counted in UTF-8 bytes, floats use PHP's shortest round-trip form
 * ({@code d:0.1;}, {@code d:1.0E+25;}), and null is {@code N;}.
 */
public final class PhpSerializer {

	/** PHP's {@code serialize_precision = -1}: exponent notation from 10^17 up and below 10^-4. */
	private static final int FIXED_NOTATION_DIGITS = 17;

	private static final BigInteger LONG_MIN = BigInteger.valueOf(Long.MIN_VALUE);

	private static final BigInteger LONG_MAX = BigInteger.valueOf(Long.MAX_VALUE);

	private PhpSerializer() {
	}

	/** The serialized bytes of {@code value}; {@code null} is written as {@code N;}. */
	public static byte[] serialize(JsonNode value) {
		ByteArrayOutputStream out = new ByteArrayOutputStream(256);
		write(value, out);
		return out.toByteArray();
	}

	/** Appends the serialized bytes of {@code value} to {@code out}. */
	public static void write(JsonNode value, ByteArrayOutputStream out) {
		if (value == null || value.isNull() || value.isMissingNode()) {
			ascii(out, "N;");
		}
		else if (value.isObject()) {
			ascii(out, "a:" + value.size() + ":{");
			for (Map.Entry<String, JsonNode> entry : value.properties()) {
				key(entry.getKey(), out);
				write(entry.getValue(), out);
			}
			out.write('}');
		}
		else if (value.isArray()) {
			ascii(out, "a:" + value.size() + ":{");
			for (int i = 0; i < value.size(); i++) {
				ascii(out, "i:" + i + ";");
				write(value.get(i), out);
			}
			out.write('}');
		}
		else if (value.isBoolean()) {
			ascii(out, value.booleanValue() ? "b:1;" : "b:0;");
		}
		else if (value.isIntegralNumber()) {
			BigInteger integer = value.bigIntegerValue();
			if (integer.compareTo(LONG_MIN) >= 0 && integer.compareTo(LONG_MAX) <= 0) {
				ascii(out, "i:" + integer + ";");
			}
			else {
				// PHP holds integers beyond 64 bits as floats.
				ascii(out, "d:" + formatDouble(integer.doubleValue()) + ";");
			}
		}
		else if (value.isFloat()) {
			ascii(out, "d:" + formatDouble(Double.parseDouble(Float.toString(value.floatValue()))) + ";");
		}
		else if (value.isNumber()) {
			ascii(out, "d:" + formatDouble(value.doubleValue()) + ";");
		}
		else {
			// Strings, and binary data as the base64 text JSON would carry.
			string(value.asString(), out);
		}
	}

	private static void key(String key, ByteArrayOutputStream out) {
		Long integer = canonicalInteger(key);
		if (integer != null) {
			ascii(out, "i:" + integer + ";");
		}
		else {
			string(key, out);
		}
	}

	private static void string(String text, ByteArrayOutputStream out) {
		byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
		ascii(out, "s:" + bytes.length + ":\"");
		out.writeBytes(bytes);
		ascii(out, "\";");
	}

	private static void ascii(ByteArrayOutputStream out, String text) {
		out.writeBytes(text.getBytes(StandardCharsets.ISO_8859_1));
	}

	/**
	 * The integer a text stands for when PHP would treat it as an integer array key: a decimal integer of 64 bits
	 * without a plus sign, leading zeros or {@code -0}; {@code null} otherwise.
	 */
	static Long canonicalInteger(String text) {
		int length = text.length();
		if (length == 0 || length > 20) {
			return null;
		}
		int digitsFrom = (text.charAt(0) == '-') ? 1 : 0;
		if (digitsFrom == length) {
			return null;
		}
		for (int i = digitsFrom; i < length; i++) {
			char c = text.charAt(i);
			if (c < '0' || c > '9') {
				return null;
			}
		}
		if (text.charAt(digitsFrom) == '0' && (length > digitsFrom + 1 || digitsFrom == 1)) {
			return null;
		}
		try {
			return Long.parseLong(text);
		}
		catch (NumberFormatException ex) {
			return null;
		}
	}

	/**
	 * The fewest significant digits that read back as {@code value}. Java's own conversion can pick a longer but
	 * closer form (4.9E-324 where PHP writes 5.0E-324), so shorter roundings of the exact value are tried first.
	 */
	private static BigDecimal shortest(double value) {
		BigDecimal java = new BigDecimal(Double.toString(value)).stripTrailingZeros();
		int digits = java.precision();
		if (digits > 1) {
			BigDecimal exact = new BigDecimal(value);
			for (int precision = 1; precision < digits; precision++) {
				BigDecimal rounded = exact.round(new MathContext(precision, RoundingMode.HALF_EVEN));
				if (Double.parseDouble(rounded.toString()) == value) {
					return rounded.stripTrailingZeros();
				}
			}
		}
		return java;
	}

	/**
	 * A double as PHP 7.1+ serializes it ({@code serialize_precision = -1}): the shortest digits that read back as
	 * the same double, in fixed notation for decimal exponents from -4 to 16 and as {@code 1.5E+20} otherwise;
	 * {@code INF}, {@code -INF}, {@code NAN}.
	 */
	public static String formatDouble(double value) {
		if (Double.isNaN(value)) {
			return "NAN";
		}
		if (Double.isInfinite(value)) {
			return (value > 0) ? "INF" : "-INF";
		}
		if (value == 0) {
			return (1 / value < 0) ? "-0" : "0";
		}
		String sign = (value < 0) ? "-" : "";
		BigDecimal decimal = shortest(Math.abs(value));
		String digits = decimal.unscaledValue().toString();
		int exponent = digits.length() - 1 - decimal.scale();
		StringBuilder text = new StringBuilder(sign);
		if (exponent < -4 || exponent >= FIXED_NOTATION_DIGITS) {
			text.append(digits.charAt(0)).append('.');
			text.append((digits.length() > 1) ? digits.substring(1) : "0");
			text.append('E').append((exponent < 0) ? '-' : '+').append(Math.abs(exponent));
		}
		else if (exponent < 0) {
			text.append("0.").append("0".repeat(-exponent - 1)).append(digits);
		}
		else if (digits.length() <= exponent + 1) {
			text.append(digits).append("0".repeat(exponent + 1 - digits.length()));
		}
		else {
			text.append(digits, 0, exponent + 1).append('.').append(digits.substring(exponent + 1));
		}
		return text.toString();
	}

}
