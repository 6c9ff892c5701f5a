package io.dora.protocol.original;

import java.util.Map;

import io.dora.protocol.DoraCodes;

/**
 * Constants of the original PHP Dora RPC's TCP protocol (its last version, with the guid in the header):
 *
 * <pre>
 * offset  size  field
 *      0     4  length   bytes after this field: [signature] + guid + body, unsigned big-endian
 *     (4     4  signature  CRC-32 of body followed by the salt; only when both sides enable it)
 *      4    32  guid     32 ASCII bytes, the md5 hex text the original client makes
 *     36     …  body     PHP serialize() of the envelope, gzip-compressed when both sides enable it
 * </pre>
 *
 * The signature and compression are not announced in the frame: both sides must be configured alike, as the
 * original's {@code SW_DATASIGEN_FLAG} and {@code SW_DATACOMPRESS_FLAG} constants had to be.
 */
public final class OriginalProtocol {

	/** Bytes of the length field. */
	public static final int LENGTH_FIELD = 4;

	/** Bytes of the CRC-32 signature, when signing is on. */
	public static final int SIGNATURE_LENGTH = 4;

	/** Bytes of the guid. */
	public static final int GUID_LENGTH = 32;

	/** The original's salt ({@code SW_DATASIGEN_SALT}), a published constant: the signature is no secret. */
	public static final String DEFAULT_SALT = "=&$*#@(*&%(@";

	/** The original's default TCP port, which Dora's own protocol also uses; the original protocol's default here. */
	public static final int DEFAULT_PORT = 9568;

	/**
	 * The code of a body that is not a request Dora accepts (not PHP serialize() of plain data, objects, too deep,
	 * not an array): 100003, what the original answered a body it could not unserialize, whose api check then failed.
	 */
	public static final int BAD_PACKET = DoraCodes.API_EMPTY;

	/** Type string of a control command. */
	public static final String CONTROL_TYPE = "SC";

	/** The guid of replies to frames whose guid could not be read: 32 ASCII zeros, so that framing holds. */
	public static final String ZERO_GUID = "0".repeat(GUID_LENGTH);

	/** The original's messages for the codes it defined, which PHP callers may show or compare. */
	private static final Map<Integer, String> ORIGINAL_MESSAGES = Map.of(DoraCodes.ACCEPTED,
			"transfer success.已经成功投递", DoraCodes.UNKNOWN_TYPE, "unknow task type.未知类型任务", DoraCodes.API_EMPTY,
			"param api is empty", DoraCodes.SIGNATURE_INVALID, "Signed check error!", DoraCodes.FRAME_TRUNCATED,
			"packet length invalid 包长度非法", DoraCodes.UNKNOWN_COMMAND, "unknow cmd");

	private OriginalProtocol() {
	}

	/**
	 * The message a PHP caller gets: the original's text where Dora would say its standard message for one of the
	 * original's codes, otherwise Dora's more specific message.
	 */
	public static String message(int code, String doraMessage) {
		String original = ORIGINAL_MESSAGES.get(code);
		return (original != null && (doraMessage == null || doraMessage.equals(DoraCodes.message(code)))) ? original
				: doraMessage;
	}

}
