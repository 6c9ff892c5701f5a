package io.dora.autoconfigure;

import io.dora.protocol.original.OriginalProtocol;
import io.dora.protocol.original.OriginalWireOptions;

/**
 * The switches of the original PHP Dora RPC's wire format, which must match the PHP side's SW_DATASIGEN_FLAG,
 * SW_DATASIGEN_SALT and SW_DATACOMPRESS_FLAG. Shared by the server's original-protocol port and the client's
 * original-protocol groups.
 */
public class OriginalWireProperties {

	/**
	 * Whether every frame carries the original's CRC-32 "signature" (SW_DATASIGEN_FLAG). An integrity check with a
	 * shared salt, not authentication; the PHP side must set the same.
	 */
	private boolean crcSignature;

	/** Salt of the CRC-32 signature; the original's SW_DATASIGEN_SALT unless the PHP side changed it. */
	private String salt = OriginalProtocol.DEFAULT_SALT;

	/** Whether every body is gzip-compressed (SW_DATACOMPRESS_FLAG); the PHP side must agree. */
	private boolean compression;

	public boolean isCrcSignature() {
		return this.crcSignature;
	}

	public void setCrcSignature(boolean crcSignature) {
		this.crcSignature = crcSignature;
	}

	public String getSalt() {
		return this.salt;
	}

	public void setSalt(String salt) {
		this.salt = salt;
	}

	public boolean isCompression() {
		return this.compression;
	}

	public void setCompression(boolean compression) {
		this.compression = compression;
	}

	OriginalWireOptions toWireOptions() {
		return new OriginalWireOptions(this.crcSignature, this.salt, this.compression);
	}

}
