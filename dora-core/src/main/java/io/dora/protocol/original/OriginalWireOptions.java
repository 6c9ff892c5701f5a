package io.dora.protocol.original;

import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;

/**
 * The two switches of the original protocol that both sides must set alike, as the original's
 * {@code SW_DATASIGEN_FLAG} and {@code SW_DATACOMPRESS_FLAG} constants: the CRC-32 "signature" and gzip
 * compression of every body. The signature is a checksum with a published salt, not a proof of who sent a frame:
 * it detects corruption, not forgery.
 *
 * @param signed whether every frame carries CRC-32(body followed by the salt) before the guid
 * @param salt the salt, the original's {@link OriginalProtocol#DEFAULT_SALT} unless both sides changed it
 * @param compressed whether every body is gzip-compressed (the original's {@code gzencode(…, 4)})
 */
public record OriginalWireOptions(boolean signed, String salt, boolean compressed) {

	/** The original's defaults: neither signed nor compressed. */
	public static final OriginalWireOptions DEFAULTS = new OriginalWireOptions(false, OriginalProtocol.DEFAULT_SALT,
			false);

	public OriginalWireOptions {
		if (salt == null) {
			salt = OriginalProtocol.DEFAULT_SALT;
		}
	}

	/** Bytes between the length field and the guid: 4 when signed, else none. */
	public int signatureLength() {
		return this.signed ? OriginalProtocol.SIGNATURE_LENGTH : 0;
	}

	/** Bytes after the length field that are not body. */
	public int headerLength() {
		return signatureLength() + OriginalProtocol.GUID_LENGTH;
	}

	/** The signature of a body as sent (compressed, when compressing): CRC-32 of the body followed by the salt. */
	public int signature(byte[] body) {
		CRC32 crc = new CRC32();
		crc.update(body);
		crc.update(this.salt.getBytes(StandardCharsets.UTF_8));
		return (int) crc.getValue();
	}

}
