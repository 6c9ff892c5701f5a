package io.dora.netty;

import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.util.Locale;

import javax.net.ssl.SSLException;

import io.netty.handler.codec.DecoderException;
import io.netty.handler.ssl.NotSslRecordException;

/**
 * Turns what the JDK's TLS engine throws into a sentence that names the cause and what to check, for the client
 * (which sees the provider's certificate and the provider's alerts) and for the server (which sees the client's).
 * The engine's own message follows in brackets, so nothing it said is lost.
 */
public final class TlsFailures {

	private static final String ALERT = "Received fatal alert: ";

	private TlsFailures() {
	}

	/** The TLS failure in a Netty exception chain, or {@code null} when it is none. */
	public static SSLException find(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof SSLException ssl) {
				return ssl;
			}
			if (!(cause instanceof DecoderException)) {
				break;
			}
		}
		return null;
	}

	/** The alert the peer sent to end the handshake ({@code bad_certificate}, ...), or {@code null}. */
	public static String receivedAlert(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			String message = cause.getMessage();
			if (message != null && message.startsWith(ALERT)) {
				return message.substring(ALERT.length()).trim();
			}
		}
		return null;
	}

	/**
	 * Why a client's TLS connection to a provider failed.
	 * @param failure what the engine or Netty threw
	 * @param host the host name or address the provider's certificate was checked against
	 */
	public static String seenByClient(Throwable failure, String host) {
		String engine = "[" + message(failure) + "]";
		String alert = receivedAlert(failure);
		if (alert != null) {
			return switch (alert) {
				case "bad_certificate", "certificate_unknown", "unknown_ca", "unsupported_certificate",
						"certificate_revoked", "certificate_expired", "access_denied" ->
					"the provider refused this client's TLS certificate (alert " + alert
							+ "): is the key store of dora.client.ssl.bundle signed by a CA the provider trusts? "
							+ engine;
				case "certificate_required" -> "the provider refused the connection: it requires a client certificate "
						+ "and the key store of dora.client.ssl.bundle has none (alert certificate_required) " + engine;
				case "protocol_version", "handshake_failure", "insufficient_security" ->
					"the provider refused the TLS handshake (alert " + alert
							+ "): no TLS version or cipher suite in common; compare the bundles' options " + engine;
				default -> "the provider ended the TLS handshake (alert " + alert + ") " + engine;
			};
		}
		if (has(failure, NotSslRecordException.class)) {
			return "the provider answered in plain text: this port does not speak TLS; remove dora.client.ssl.bundle "
					+ "or use the provider's TLS port " + engine;
		}
		if (has(failure, CertificateExpiredException.class)) {
			return "the provider's TLS certificate has expired " + engine;
		}
		if (has(failure, CertificateNotYetValidException.class)) {
			return "the provider's TLS certificate is not valid yet " + engine;
		}
		String all = allMessages(failure);
		if (all.contains("no subject alternative") || all.contains("no name matching")) {
			return "the provider's TLS certificate is not issued for " + host + " " + engine;
		}
		if (all.contains("unable to find valid certification path") || all.contains("path building failed")) {
			return "the provider's TLS certificate is not signed by a CA in the trust store of dora.client.ssl.bundle "
					+ engine;
		}
		if (all.contains("closed") && !all.contains("alert")) {
			return "the provider closed the connection during the TLS handshake: does it speak TLS on this port? "
					+ engine;
		}
		return "the TLS handshake with the provider failed " + engine;
	}

	/** Why a server refused a client's TLS handshake. */
	public static String seenByServer(Throwable failure) {
		String engine = "[" + message(failure) + "]";
		if (has(failure, NotSslRecordException.class)) {
			return "the client sent plain text to the TLS port " + engine;
		}
		String alert = receivedAlert(failure);
		if (alert != null) {
			return "the client refused the handshake (alert " + alert + "), usually because it does not trust this "
					+ "server's certificate " + engine;
		}
		if (has(failure, CertificateExpiredException.class)) {
			return "the client's certificate has expired " + engine;
		}
		String all = allMessages(failure);
		if (all.contains("empty client certificate chain") || all.contains("certificate required")) {
			// A JDK client sends only a certificate signed by one of the CAs the server named, else none.
			return "the client sent no certificate signed by a CA this server trusts " + engine;
		}
		if (all.contains("unable to find valid certification path") || all.contains("path building failed")) {
			return "the client's certificate is not signed by a CA this server trusts " + engine;
		}
		if (all.contains("protocol") || all.contains("cipher")) {
			return "no TLS version or cipher suite in common with the client " + engine;
		}
		return "the TLS handshake failed " + engine;
	}

	private static boolean has(Throwable failure, Class<? extends Throwable> type) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (type.isInstance(cause)) {
				return true;
			}
		}
		return false;
	}

	private static String allMessages(Throwable failure) {
		StringBuilder messages = new StringBuilder();
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			messages.append(cause.getMessage()).append(' ');
		}
		return messages.toString().toLowerCase(Locale.ROOT);
	}

	/** The engine's message, without the wrapping Netty adds. */
	private static String message(Throwable failure) {
		SSLException ssl = find(failure);
		Throwable shown = (ssl != null) ? ssl : failure;
		String message = shown.getMessage();
		if (message == null) {
			return shown.getClass().getSimpleName();
		}
		// NotSslRecordException's message ends in a hex dump of the record: the start says enough.
		return (message.length() > 120) ? message.substring(0, 120) + "..." : message;
	}

}
