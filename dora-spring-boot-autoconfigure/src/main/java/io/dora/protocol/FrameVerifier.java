package io.dora.protocol;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

/**
 * Checks the signatures of request frames (see {@link FrameSigner}). A frame passes when it carries a signature
 * entry under a known key id, its MAC matches, its timestamp is within the allowed clock skew of this clock, and
 * the same signature was not seen before (a replay). Several keys may be accepted at once, so a secret can be
 * rotated without downtime: accept old and new, move the callers to the new one, then drop the old.
 */
public final class FrameVerifier {

	private final Map<String, HmacKey> keys = new LinkedHashMap<>();

	private final long maxSkewMillis;

	private final LongSupplier clock;

	private final ReplayCache replays;

	/**
	 * @param secrets accepted secrets by key id
	 * @param maxClockSkew largest distance between a frame's timestamp and this clock
	 * @param replayCacheSize largest number of recent signatures remembered
	 * @param clock milliseconds since the epoch
	 */
	public FrameVerifier(Map<String, byte[]> secrets, Duration maxClockSkew, int replayCacheSize, LongSupplier clock) {
		secrets.forEach((id, secret) -> this.keys.put(id, new HmacKey(secret)));
		this.maxSkewMillis = maxClockSkew.toMillis();
		this.clock = clock;
		this.replays = new ReplayCache(replayCacheSize, 2 * this.maxSkewMillis);
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
			throw invalid("request is not signed");
		}
		int length = ((extension[at + 1] & 0xFF) << 8) | (extension[at + 2] & 0xFF);
		int keyIdLength = extension[at + 3] & 0xFF;
		if (length != 1 + keyIdLength + 8 + FrameSigner.MAC_LENGTH) {
			throw invalid("signature entry is malformed");
		}
		byte[] keyId = new byte[keyIdLength];
		System.arraycopy(extension, at + 4, keyId, 0, keyIdLength);
		HmacKey key = this.keys.get(new String(keyId, StandardCharsets.UTF_8));
		if (key == null) {
			throw invalid("unknown signing key");
		}
		int timestampAt = at + 4 + keyIdLength;
		long timestamp = 0;
		for (int i = 0; i < 8; i++) {
			timestamp = (timestamp << 8) | (extension[timestampAt + i] & 0xFF);
		}
		byte[] mac = new byte[FrameSigner.MAC_LENGTH];
		System.arraycopy(extension, timestampAt + 8, mac, 0, mac.length);
		ByteBuf header = Unpooled.buffer(DoraProtocol.HEADER_LENGTH);
		DoraFrame.writeHeader(header, frame.type(), frame.flags(), frame.codec(), frame.guid(), frame.timeoutMillis(),
				extension.length, body.length);
		if (!MessageDigest.isEqual(mac, key.mac(header, keyId, timestamp, body))) {
			throw invalid("signature does not match");
		}
		long now = this.clock.getAsLong();
		if (Math.abs(now - timestamp) > this.maxSkewMillis) {
			throw invalid("signature timestamp is outside the allowed clock skew of " + this.maxSkewMillis + " ms");
		}
		if (!this.replays.firstSighting(mac, now)) {
			throw invalid("signature was already used (replay)");
		}
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

	private static DoraProtocolException invalid(String reason) {
		return new DoraProtocolException(DoraCodes.SIGNATURE_INVALID, "signed check error: " + reason);
	}

}
