package io.dora.security;

import java.net.InetSocketAddress;
import java.util.HexFormat;

import io.dora.protocol.DoraCodes;
import io.dora.protocol.DoraProtocolException;
import jakarta.servlet.http.HttpServletRequest;

/**
 * Checks the signature of an HTTP request, carried in the header
 * {@code X-Dora-Signature: key=<key id>, aud=<audience>, ts=<milliseconds since the epoch>, mac=<hex>}. The MAC is
 * HMAC-SHA256 over everything that decides what runs: the UTF-8 text
 *
 * <pre>
 * METHOD \n path \n query \n Content-Type \n X-Dora-Timeout \n key id \n audience \n ts \n
 * </pre>
 *
 * (each value exactly as sent, empty when absent) followed by the raw body bytes as received, whatever the content
 * type, so form fields such as {@code guid} are covered too. A body the servlet container read before Dora (a
 * multipart form, or a form a filter asked a parameter of) cannot be verified and is refused. The same keys, clock
 * skew, audiences and replay memory apply as over TCP.
 */
public final class HttpSignatureVerifier {

	/** The header that carries the signature. */
	public static final String HEADER = "X-Dora-Signature";

	/** The header with the caller's deadline, which the signature covers. */
	public static final String TIMEOUT_HEADER = "X-Dora-Timeout";

	private final SignatureChecker checker;

	public HttpSignatureVerifier(SignatureChecker checker) {
		this.checker = checker;
	}

	/**
	 * Verifies the request against this process's memory of used signatures, then the shared one, if any.
	 * @param request the request, for its signature header and the signed request line and headers
	 * @param body the raw body bytes as received, or {@code null} when the servlet container read the body first
	 * @throws DoraProtocolException with {@link DoraCodes#SIGNATURE_INVALID} when the request does not pass
	 */
	public void verify(HttpServletRequest request, byte[] body) {
		String header = request.getHeader(HEADER);
		if (header == null || header.isBlank()) {
			throw invalid("request is not signed (" + HEADER + " header)");
		}
		String keyId = null;
		String audience = null;
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
				case "aud" -> audience = value;
				case "ts" -> timestamp = value;
				case "mac" -> mac = value;
				default -> {
				}
			}
		}
		if (keyId == null || audience == null || timestamp == null || mac == null) {
			throw invalid(HEADER + " needs key, aud, ts and mac");
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
		if (body == null) {
			throw invalid("the body was read by the servlet container (a multipart form, or a form a filter read) "
					+ "before its signature could be checked; send JSON or a url-encoded form");
		}
		String signedText = signedText(request.getMethod(), request.getRequestURI(), request.getQueryString(),
				request.getHeader("Content-Type"), request.getHeader(TIMEOUT_HEADER), keyId,
				audience, ts);
		InetSocketAddress local = new InetSocketAddress(request.getLocalAddr(), request.getLocalPort());
		this.checker.check(keyId, audience, ts, macBytes, local, (hmac) -> {
			SignatureChecker.update(hmac, signedText);
			hmac.update(body);
		});
		try {
			this.checker.checkShared(macBytes).join();
		}
		catch (java.util.concurrent.CompletionException ex) {
			if (ex.getCause() instanceof DoraProtocolException refused) {
				throw refused;
			}
			throw ex;
		}
	}

	/** The text in front of the body in the MAC's input: one line per value, each value as sent or empty. */
	static String signedText(String method, String path, String query, String contentType, String timeout,
			String keyId, String audience, long timestamp) {
		return method + "\n" + path + "\n" + orEmpty(query) + "\n" + orEmpty(contentType) + "\n" + orEmpty(timeout)
				+ "\n" + keyId + "\n" + audience + "\n" + timestamp + "\n";
	}

	private static String orEmpty(String value) {
		return (value != null) ? value : "";
	}

	private static DoraProtocolException invalid(String reason) {
		return new DoraProtocolException(DoraCodes.SIGNATURE_INVALID, "signed check error: " + reason);
	}

}
