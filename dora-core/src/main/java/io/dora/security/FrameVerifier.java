package io.dora.security;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import io.dora.protocol.DoraCodes;
import io.dora.protocol.DoraFrame;
import io.dora.protocol.DoraProtocol;
import io.dora.protocol.DoraProtocolException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

/**
 * Checks the signatures of request frames (see {@link FrameSigner}) with a {@link SignatureChecker}.
 */
public final class FrameVerifier {

	private final SignatureChecker checker;

	public FrameVerifier(SignatureChecker checker) {
		this.checker = checker;
	}

	/**
	 * Verifies one request frame.
	 * @param frame the frame as decoded
	 * @param body the body bytes as received
	 * @throws DoraProtocolException with {@link DoraCodes#SIGNATURE_INVALID} and the reason when it does not pass
	 */
	public void verify(DoraFrame frame, byte[] body) {
		byte[] extension = frame.extension();
		int at = findEntry(extension);
		if (!frame.hasFlag(DoraProtocol.FLAG_SIGNED) || at < 0) {
			throw SignatureChecker.invalid("request is not signed");
		}
		int length = ((extension[at + 1] & 0xFF) << 8) | (extension[at + 2] & 0xFF);
		int keyIdLength = extension[at + 3] & 0xFF;
		if (length != 1 + keyIdLength + 8 + FrameSigner.MAC_LENGTH) {
			throw SignatureChecker.invalid("signature entry is malformed");
		}
		byte[] keyId = new byte[keyIdLength];
		System.arraycopy(extension, at + 4, keyId, 0, keyIdLength);
		int timestampAt = at + 4 + keyIdLength;
		long timestamp = ByteBuffer.wrap(extension, timestampAt, 8).getLong();
		byte[] mac = new byte[FrameSigner.MAC_LENGTH];
		System.arraycopy(extension, timestampAt + 8, mac, 0, mac.length);
		ByteBuf header = Unpooled.buffer(DoraProtocol.HEADER_LENGTH);
		DoraFrame.writeHeader(header, frame.type(), frame.flags(), frame.codec(), frame.guid(), frame.timeoutMillis(),
				extension.length, body.length);
		this.checker.check(new String(keyId, StandardCharsets.UTF_8), timestamp, mac,
				(hmac) -> FrameSigner.content(hmac, header.nioBuffer(), keyId, timestamp, ByteBuffer.wrap(body)));
	}

	private static int findEntry(byte[] extension) {
		int at = 0;
		while (at + 3 <= extension.length) {
			int length = ((extension[at + 1] & 0xFF) << 8) | (extension[at + 2] & 0xFF);
			if (at + 3 + length > extension.length) {
				return -1;
			}
			if ((extension[at] & 0xFF) == FrameSigner.ENTRY_ID) {
				return at;
			}
			at += 3 + length;
		}
		return -1;
	}

}
