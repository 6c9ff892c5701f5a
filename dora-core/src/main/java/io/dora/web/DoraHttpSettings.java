package io.dora.web;

import java.time.Duration;

import org.springframework.util.Assert;

/**
 * Limits of the HTTP endpoint.
 *
 * @param maxBodyLength largest request body accepted, in bytes
 * @param timeout deadline of calls that send no {@value DoraHttpController#TIMEOUT_HEADER} header
 * @param maxTimeout largest deadline a caller may ask for; larger values are reduced to it
 * @param bodyReadTimeout time a request body may take to arrive completely
 */
public record DoraHttpSettings(int maxBodyLength, Duration timeout, Duration maxTimeout, Duration bodyReadTimeout) {

	/** The default time a body may take to arrive: the TCP server's default frame read timeout. */
	public static final Duration DEFAULT_BODY_READ_TIMEOUT = Duration.ofSeconds(10);

	public DoraHttpSettings {
		Assert.isTrue(maxBodyLength > 0, "maxBodyLength must be positive");
		Assert.isTrue(timeout != null && timeout.toMillis() > 0, "timeout must be at least 1 ms");
		Assert.isTrue(maxTimeout != null && maxTimeout.toMillis() > 0, "maxTimeout must be at least 1 ms");
		Assert.isTrue(bodyReadTimeout != null && bodyReadTimeout.toMillis() > 0,
				"bodyReadTimeout must be at least 1 ms");
	}

	/** Settings with the {@link #DEFAULT_BODY_READ_TIMEOUT}. */
	public DoraHttpSettings(int maxBodyLength, Duration timeout, Duration maxTimeout) {
		this(maxBodyLength, timeout, maxTimeout, DEFAULT_BODY_READ_TIMEOUT);
	}

	/**
	 * The deadline in milliseconds for a request with this {@value DoraHttpController#TIMEOUT_HEADER} value.
	 * @param header the header value, or {@code null} when absent
	 * @return the deadline, or -1 when the header is not a positive whole number
	 */
	int timeoutMillis(String header) {
		if (header == null || header.isBlank()) {
			return toMillis(this.timeout);
		}
		try {
			long requested = Long.parseLong(header.trim());
			return (requested > 0) ? (int) Math.min(requested, toMillis(this.maxTimeout)) : -1;
		}
		catch (NumberFormatException ex) {
			return -1;
		}
	}

	private static int toMillis(Duration duration) {
		return (int) Math.min(Integer.MAX_VALUE, duration.toMillis());
	}

}
