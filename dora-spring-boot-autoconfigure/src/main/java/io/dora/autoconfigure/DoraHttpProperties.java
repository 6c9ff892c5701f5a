package io.dora.autoconfigure;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration of Dora's HTTP endpoint. Its body size limit is dora.server.max-frame-length, shared with TCP.
 */
@ConfigurationProperties("dora.server.http")
public class DoraHttpProperties {

	/**
	 * Path prefix of the Dora HTTP endpoint, such as "/dora". Empty keeps the original paths (/api/multisync,
	 * /api/multinoresult, /server/cmd) and /call.
	 */
	private String basePath = "";

	/**
	 * Deadline of calls that send no X-Dora-Timeout header. A multi-API call answers at 90% of it with what has
	 * finished; a single call is answered 100017 when it passes.
	 */
	private Duration timeout = Duration.ofSeconds(30);

	/** Largest deadline a caller may ask for with the X-Dora-Timeout header; larger values are reduced to it. */
	private Duration maxTimeout = Duration.ofMinutes(5);

	/**
	 * Time a request body may take to arrive completely; a body still incomplete then is answered 100007 (HTTP 408)
	 * and its connection closed. Also the longest pause Tomcat allows while a body is read. Defaults to
	 * dora.server.frame-read-timeout.
	 */
	private Duration bodyReadTimeout;

	public String getBasePath() {
		return this.basePath;
	}

	public void setBasePath(String basePath) {
		this.basePath = basePath;
	}

	public Duration getTimeout() {
		return this.timeout;
	}

	public void setTimeout(Duration timeout) {
		this.timeout = timeout;
	}

	public Duration getBodyReadTimeout() {
		return this.bodyReadTimeout;
	}

	public void setBodyReadTimeout(Duration bodyReadTimeout) {
		this.bodyReadTimeout = bodyReadTimeout;
	}

	public Duration getMaxTimeout() {
		return this.maxTimeout;
	}

	public void setMaxTimeout(Duration maxTimeout) {
		this.maxTimeout = maxTimeout;
	}

}
