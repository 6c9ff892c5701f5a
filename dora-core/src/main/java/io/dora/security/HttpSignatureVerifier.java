package io.dora.security;

import java.util.HexFormat;

import io.dora.protocol.DoraCodes;
import io.dora.protocol.DoraProtocolException;
import jakarta.servlet.http.HttpServletRequest;

/**
 * Checks the signature of an HTTP request, carried in the header
 * {@code X-Dora-Signature: key=<key id>, ts=<milliseconds since the epoch>, mac=<hex>}. The MAC is HMAC-SHA256 over
 * the UTF-8 text {@code <METHOD>\n<request path>\n<ts>\n} followed by the signed content: the value of the
 * {@code params} field for a form, otherwise the raw body. The same keys, clock skew and replay protection apply
 * as over TCP.
 */
public final class HttpSignatureVerifier {

	/** The header that carries the signature. */
	public static final String HEADER = "X-Dora-Signature";

	private final SignatureChecker checker;

	public HttpSignatureVerifier(SignatureChecker checker) {
		this.checker = checker;
	}

	/**
	 * @param request the request, for its signature header, method and path
	 * @param content the signed content: the {@code params} field of a form, otherwise the raw body
	 * @throws DoraProtocolException with {@link DoraCodes#SIGNATURE_INVALID} when the request does not pass
	 */
	public void verify(HttpServletRequest request, byte[] content) {
		String header = request.getHeader(HEADER);
		if (header == null || header.isBlank()) {
			throw invalid("request is not signed (" + HEADER + " header)");
		}
		String keyId = null;
		String timestamp = null;
		String mac = null;
		for (String part : header.split(",")) {
			int equals = part.indexOf('=');
			if (equals < 0) {
				continue;
			}
			String name = part.substring(0, equals).trim();
			String value = part.substring(equals + 1).trim();
			switch (name) {
				case "key" -> keyId = value;
				case "ts" -> timestamp = value;
				case "mac" -> mac = value;
				default -> {
				}
			}
		}
		if (keyId == null || timestamp == null || mac == null) {
			throw invalid(HEADER + " needs key, ts and mac");
		}
		long ts;
		byte[] macBytes;
		try {
			ts = Long.parseLong(timestamp);
			macBytes = HexFormat.of().parseHex(mac);
		}
		catch (IllegalArgumentException ex) {
			throw invalid(HEADER + " has a malformed ts or mac");
		}
		String prefix = request.getMethod() + "\n" + request.getRequestURI() + "\n" + ts + "\n";
		this.checker.check(keyId, ts, macBytes, (hmac) -> {
			SignatureChecker.update(hmac, prefix);
			hmac.update(content);
		});
	}

	private static DoraProtocolException invalid(String reason) {
		return new DoraProtocolException(DoraCodes.SIGNATURE_INVALID, "signed check error: " + reason);
	}

}
