package io.dora.discovery;

/**
 * A provider's TCP address.
 *
 * @param host host name or IP address
 * @param port TCP port
 */
public record DoraEndpoint(String host, int port) {

	public DoraEndpoint {
		if (host == null || host.isBlank()) {
			throw new IllegalArgumentException("host must not be empty");
		}
		if (port <= 0 || port > 65535) {
			throw new IllegalArgumentException("port must be between 1 and 65535, got " + port);
		}
	}

	/**
	 * Parses {@code host:port}; an IPv6 host is written in brackets ({@code [::1]:9567}).
	 * @throws IllegalArgumentException if the text is not of that form
	 */
	public static DoraEndpoint parse(String text) {
		String value = (text != null) ? text.trim() : "";
		int colon = value.lastIndexOf(':');
		if (colon <= 0 || colon == value.length() - 1) {
			throw new IllegalArgumentException("Expected host:port but got '" + text + "'");
		}
		String host = value.substring(0, colon);
		if (host.startsWith("[") && host.endsWith("]")) {
			host = host.substring(1, host.length() - 1);
		}
		try {
			return new DoraEndpoint(host, Integer.parseInt(value.substring(colon + 1)));
		}
		catch (NumberFormatException ex) {
			throw new IllegalArgumentException("Expected host:port but got '" + text + "'", ex);
		}
	}

	@Override
	public String toString() {
		return (this.host.indexOf(':') >= 0 ? "[" + this.host + "]" : this.host) + ":" + this.port;
	}

}
