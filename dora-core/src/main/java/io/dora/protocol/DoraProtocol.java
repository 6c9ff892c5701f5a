package io.dora.protocol;

/**
 * Constants of the Dora wire protocol, version 1. {@code PROTOCOL.md} is the normative description; this class
 * and {@link DoraFrameDecoder} are its only implementation.
 *
 * <pre>
 * offset  size  field
 *      0     2  magic            0x4452 ("DR")
 *      2     1  version          1
 *      3     1  message type     see {@link MessageType}
 *      4     1  flags            bit 0 compressed, bit 1 signed, bit 2 deduplicate; other bits must be 0
 *      5     1  body codec       0 none, 1 JSON, 2 CBOR
 *      6     2  extension length bytes between header and body (0..4096)
 *      8    16  guid             128-bit call id
 *     24     4  timeout          caller's time budget in milliseconds, 0 = none
 *     28     4  body length      bytes of body on the wire
 *     32     e  extension        e = extension length
 *   32+e     b  body             b = body length
 * </pre>
 *
 * All integers are unsigned and big-endian. The first 32 bytes keep this layout in every protocol version, so a
 * peer can always read the guid and skip a frame of a version it does not understand.
 */
public final class DoraProtocol {

	/** First two bytes of every frame: ASCII "DR". */
	public static final int MAGIC = 0x4452;

	/** The protocol version this implementation speaks. */
	public static final int VERSION = 1;

	/** Length of the fixed header in bytes. */
	public static final int HEADER_LENGTH = 32;

	/** Largest extension block accepted. */
	public static final int MAX_EXTENSION_LENGTH = 4096;

	/** Default limit of extension plus body: 2 MiB, as the original Dora's package_max_length. */
	public static final int DEFAULT_MAX_FRAME_LENGTH = 2 * 1024 * 1024;

	/** Flag: the body is gzip-compressed (RFC 1952). */
	public static final int FLAG_COMPRESSED = 0x01;

	/** Flag: the extension block carries a signature entry. */
	public static final int FLAG_SIGNED = 0x02;

	/** Flag: the provider should remember this guid's result so that a retry is not executed twice. */
	public static final int FLAG_DEDUPLICATE = 0x04;

	static final int KNOWN_FLAGS = FLAG_COMPRESSED | FLAG_SIGNED | FLAG_DEDUPLICATE;

	/** Body codec id of an empty body (heartbeats). */
	public static final int CODEC_NONE = 0;

	/** Body codec id of a UTF-8 JSON body. */
	public static final int CODEC_JSON = 1;

	/** Body codec id of a CBOR body (RFC 8949), negotiated per connection (PROTOCOL.md section 6). */
	public static final int CODEC_CBOR = 2;

	static final int OFFSET_MAGIC = 0;

	static final int OFFSET_VERSION = 2;

	static final int OFFSET_TYPE = 3;

	static final int OFFSET_FLAGS = 4;

	static final int OFFSET_CODEC = 5;

	static final int OFFSET_EXTENSION_LENGTH = 6;

	/** Where the guid starts in the header; a peer that reads only the header finds it here. */
	public static final int OFFSET_GUID = 8;

	static final int OFFSET_TIMEOUT = 24;

	static final int OFFSET_BODY_LENGTH = 28;

	private DoraProtocol() {
	}

}
