package io.dora.security;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;

import io.dora.protocol.DoraCodes;
import io.dora.protocol.DoraFrame;
import io.dora.protocol.DoraProtocol;
import io.dora.protocol.DoraProtocolException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;

/**
 * Checks the signatures of request frames (see {@link FrameSigner}) with a {@link SignatureChecker}. Every length
 * in the extension block is checked before it is used: a malformed signature entry is a refused request
 * ({@link DoraCodes#SIGNATURE_INVALID}), never an error that costs the connection.
 */
public final class FrameVerifier {

	private final SignatureChecker checker;

	public FrameVerifier(SignatureChecker checker) {
		this.checker = checker;
	}

	public SignatureChecker checker() {
		return this.checker;
	}

	/**
	 * Verifies one request frame against this process's memory of used signatures.
	 * @param frame the frame as decoded
	 * @param body the body bytes as received
	 * @param localAddress the address the frame arrived on
	 * @return the frame's MAC, for {@link #checkShared(byte[])}
	 * @throws DoraProtocolException with {@link DoraCodes#SIGNATURE_INVALID} and the reason when it does not pass
	 */
	public byte[] verify(DoraFrame frame, byte[] body, InetSocketAddress localAddress) {
		byte[] extension = frame.extension();
		if (!frame.hasFlag(DoraProtocol.FLAG_SIGNED)) {
			throw SignatureChecker.invalid("request is not signed");
		}
		int entry = findEntry(extension);
		int valueStart = entry + FrameSigner.ENTRY_HEADER_LENGTH;
		int valueLength = ((extension[entry + 1] & 0xFF) << 8) | (extension[entry + 2] & 0xFF);
		int at = valueStart;
		int end = valueStart + valueLength;
		int keyIdLength = lengthAt(extension, at, end);
		String keyId = text(extension, at + 1, keyIdLength);
		at += 1 + keyIdLength;
		int audienceLength = lengthAt(extension, at, end);
		String audience = text(extension, at + 1, audienceLength);
		at += 1 + audienceLength;
		if (end - at != FrameSigner.TIMESTAMP_LENGTH + FrameSigner.MAC_LENGTH) {
			throw malformed();
		}
		long timestamp = ByteBuffer.wrap(extension, at, FrameSigner.TIMESTAMP_LENGTH).getLong();
		int signedValueLength = at + FrameSigner.TIMESTAMP_LENGTH - valueStart;
		byte[] mac = Arrays.copyOfRange(extension, end - FrameSigner.MAC_LENGTH, end);
		byte[] header = header(frame, extension.length, body.length);
		this.checker.check(keyId, audience, timestamp, mac, localAddress,
				(hmac) -> FrameSigner.content(hmac, header, extension, valueStart, signedValueLength, body));
		return mac;
	}

	/** See {@link SignatureChecker#checkShared(byte[])}. */
	public CompletableFuture<Void> checkShared(byte[] mac) {
		return this.checker.checkShared(mac);
	}

	/** The 32 header bytes as the sender wrote them: every field of the header is part of the signature. */
	private static byte[] header(DoraFrame frame, int extensionLength, int bodyLength) {
		ByteBuf header = Unpooled.buffer(DoraProtocol.HEADER_LENGTH);
		DoraFrame.writeHeader(header, frame.type(), frame.flags(), frame.codec(), frame.guid(), frame.timeoutMillis(),
				extensionLength, bodyLength);
		return ByteBufUtil.getBytes(header);
	}

	/** The one-byte length at {@code at}; it and the bytes it announces must lie before {@code end}. */
	private static int lengthAt(byte[] extension, int at, int end) {
		if (at >= end) {
			throw malformed();
		}
		int length = extension[at] & 0xFF;
		if (length == 0 || at + 1 + length > end) {
			throw malformed();
		}
		return length;
	}

	private static String text(byte[] bytes, int offset, int length) {
		return new String(bytes, offset, length, StandardCharsets.UTF_8);
	}

	/** The offset of the signature entry: entries are walked by their lengths, each checked against the block. */
	private static int findEntry(byte[] extension) {
		int at = 0;
		while (at < extension.length) {
			if (at + FrameSigner.ENTRY_HEADER_LENGTH > extension.length) {
				throw SignatureChecker.invalid("extension block is malformed");
			}
			int length = ((extension[at + 1] & 0xFF) << 8) | (extension[at + 2] & 0xFF);
			if (at + FrameSigner.ENTRY_HEADER_LENGTH + length > extension.length) {
				throw SignatureChecker.invalid("extension block is malformed");
			}
			if ((extension[at] & 0xFF) == FrameSigner.ENTRY_ID) {
				return at;
			}
			at += FrameSigner.ENTRY_HEADER_LENGTH + length;
		}
		throw SignatureChecker.invalid("request is not signed (no signature entry)");
	}

	private static DoraProtocolException malformed() {
		return SignatureChecker.invalid("signature entry is malformed");
	}

}
