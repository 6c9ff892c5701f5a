package io.dora.protocol;

import java.util.concurrent.ThreadLocalRandom;

import io.netty.buffer.ByteBuf;

/**
 * The 128-bit id of a call. On the wire it is 16 raw bytes in the header; in JSON bodies it is 32 lowercase hex
 * characters, the shape of the original Dora's md5 guids.
 */
public final class Guid {

	/** The all-zero guid, used only in replies to frames whose guid could not be read. */
	public static final Guid ZERO = new Guid(0, 0);

	private static final char[] HEX = "0123456789abcdef".toCharArray();

	private final long high;

	private final long low;

	/** The hex text, made once: a call's guid is written and compared as text several times. */
	private String text;

	private Guid(long high, long low) {
		this.high = high;
		this.low = low;
	}

	/** A new random guid; never {@link #ZERO}. */
	public static Guid random() {
		ThreadLocalRandom random = ThreadLocalRandom.current();
		long high;
		long low;
		do {
			high = random.nextLong();
			low = random.nextLong();
		}
		while (high == 0 && low == 0);
		return new Guid(high, low);
	}

	public static Guid of(long high, long low) {
		return new Guid(high, low);
	}

	/** Reads 16 bytes at {@code index} without moving the reader index. */
	public static Guid read(ByteBuf buf, int index) {
		return new Guid(buf.getLong(index), buf.getLong(index + 8));
	}

	/**
	 * Parses 32 hex characters (either case).
	 * @throws IllegalArgumentException if the text is not exactly 32 hex characters
	 */
	public static Guid parse(String text) {
		if (text == null || text.length() != 32) {
			throw new IllegalArgumentException("A guid is 32 hex characters");
		}
		return new Guid(parseHex(text, 0), parseHex(text, 16));
	}

	/**
	 * Parses a guid a caller chose for a call: like {@link #parse(String)}, and never the all-zero guid, which is
	 * reserved for replies to frames whose guid could not be read.
	 * @throws IllegalArgumentException if the text is not 32 hex characters or is all zeros
	 */
	public static Guid parseCallGuid(String text) {
		Guid guid = parse(text);
		if (guid.isZero()) {
			throw new IllegalArgumentException("The all-zero guid is reserved for replies to unreadable frames");
		}
		return guid;
	}

	/** Parses like {@link #parse(String)} but returns {@code null} for anything that is not a guid. */
	public static Guid parseOrNull(String text) {
		try {
			return parse(text);
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
	}

	private static long parseHex(String text, int start) {
		long value = 0;
		for (int i = start; i < start + 16; i++) {
			int digit = Character.digit(text.charAt(i), 16);
			if (digit < 0) {
				throw new IllegalArgumentException("A guid is 32 hex characters");
			}
			value = (value << 4) | digit;
		}
		return value;
	}

	public void write(ByteBuf buf) {
		buf.writeLong(this.high);
		buf.writeLong(this.low);
	}

	public boolean isZero() {
		return this.high == 0 && this.low == 0;
	}

	@Override
	public boolean equals(Object other) {
		return (other instanceof Guid guid) && guid.high == this.high && guid.low == this.low;
	}

	@Override
	public int hashCode() {
		return Long.hashCode(this.high * 31 + this.low);
	}

	@Override
	public String toString() {
		String result = this.text;
		if (result == null) {
			char[] chars = new char[32];
			fillHex(chars, 0, this.high);
			fillHex(chars, 16, this.low);
			result = new String(chars);
			this.text = result;
		}
		return result;
	}

	private static void fillHex(char[] chars, int start, long value) {
		for (int i = 15; i >= 0; i--) {
			chars[start + i] = HEX[(int) (value & 0xF)];
			value >>>= 4;
		}
	}

	/** Writes the 32 lowercase hex characters of {@link #toString()} as ASCII bytes, without making the text. */
	public void writeHex(ByteBuf out) {
		writeHex(out, this.high);
		writeHex(out, this.low);
	}

	private static void writeHex(ByteBuf out, long value) {
		for (int shift = 60; shift >= 0; shift -= 4) {
			out.writeByte(HEX[(int) ((value >>> shift) & 0xF)]);
		}
	}

	/**
	 * Whether {@code bytes} hold the 32 lowercase hex characters of {@link #toString()} as ASCII at {@code offset},
	 * compared without making the text.
	 */
	public boolean isHexAt(byte[] bytes, int offset) {
		return offset >= 0 && bytes.length - offset >= 32 && isHexAt(bytes, offset, this.high)
				&& isHexAt(bytes, offset + 16, this.low);
	}

	private static boolean isHexAt(byte[] bytes, int offset, long value) {
		for (int i = 0; i < 16; i++) {
			if (bytes[offset + i] != HEX[(int) ((value >>> (60 - 4 * i)) & 0xF)]) {
				return false;
			}
		}
		return true;
	}

}
