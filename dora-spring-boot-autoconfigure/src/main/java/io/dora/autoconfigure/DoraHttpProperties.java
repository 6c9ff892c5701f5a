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

	private final OpenApi openapi = new OpenApi();

	private final Explorer explorer = new Explorer();

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

	public OpenApi getOpenapi() {
		return this.openapi;
	}

	public Explorer getExplorer() {
		return this.explorer;
	}

	/**
	 * The OpenAPI document of the APIs under /call.
	 */
	public static class OpenApi {

		/**
		 * Whether to serve the OpenAPI 3.1 document of the APIs under /call, when swagger-core is on the classpath
		 * (dora-spring-boot-starter-openapi brings it).
		 */
		private boolean enabled = true;

		/** Path of the OpenAPI document, under the base path. */
		private String path = "/openapi.json";

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public String getPath() {
			return this.path;
		}

		public void setPath(String path) {
			this.path = path;
		}

	}

	/**
	 * The API explorer page.
	 */
	public static class Explorer {

		/**
		 * Whether to serve the API explorer, a Swagger UI page of the OpenAPI document whose "Try it out" sends real
		 * calls, when the swagger-ui webjar is on the classpath. Off by default: turn it on where developers work,
		 * and secure it where it is on (see SECURITY.md).
		 */
		private boolean enabled = false;

		/** Path of the API explorer page, under the base path. */
		private String path = "/explorer";

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public String getPath() {
			return this.path;
		}

		public void setPath(String path) {
			this.path = path;
		}

	}

}
