package io.dora.web;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

import io.dora.security.SignatureChecker;

/**
 * The {@code X-Dora-Signature} header as docs/http.md tells a client in any language to compute it, written here
 * from that description and not from the server's code: HMAC-SHA256 over
 * {@code METHOD\npath\nquery\nContent-Type\nX-Dora-Timeout\nkey\naudience\nts\n} followed by the raw body.
 */
final class HttpSignatures {

	private HttpSignatures() {
	}

	/**
	 * @param query the query string as sent, or {@code null}
	 * @param contentType the Content-Type header as sent, or {@code null}
	 * @param timeout the X-Dora-Timeout header as sent, or {@code null}
	 */
	static String header(String secret, String keyId, String audience, long timestamp, String path, String query,
			String contentType, String timeout, byte[] body) {
		String text = "POST\n" + path + "\n" + orEmpty(query) + "\n" + orEmpty(contentType) + "\n" + orEmpty(timeout)
				+ "\n" + keyId + "\n" + audience + "\n" + timestamp + "\n";
		byte[] mac = SignatureChecker.sign(secret.getBytes(StandardCharsets.UTF_8), (hmac) -> {
			hmac.update(text.getBytes(StandardCharsets.UTF_8));
			hmac.update(body);
		});
		return "key=" + keyId + ", aud=" + audience + ", ts=" + timestamp + ", mac=" + HexFormat.of().formatHex(mac);
	}

	private static String orEmpty(String value) {
		return (value != null) ? value : "";
	}

}
