package io.dora.autoconfigure;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Request signing with shared secrets, for both sides: a provider with keys accepts only requests signed with one
 * of them; a consumer signs every request with its signing key.
 */
@ConfigurationProperties("dora.security")
public class DoraSecurityProperties {

	/**
	 * Shared secrets by key id, at least 16 bytes each. A provider accepts requests signed with any of them, so a
	 * secret can be rotated by listing old and new for a while.
	 */
	private Map<String, String> keys = new LinkedHashMap<>();

	/** Key id a consumer signs its requests with. Defaults to the only key when just one is configured. */
	private String signingKey;

	/** Largest difference between a signed request's timestamp and the provider's clock. */
	private Duration maxClockSkew = Duration.ofMinutes(1);

	/** Largest number of recent signatures a provider remembers to refuse replays. */
	private int replayCacheSize = 1_000_000;

	public Map<String, String> getKeys() {
		return this.keys;
	}

	public void setKeys(Map<String, String> keys) {
		this.keys = keys;
	}

	public String getSigningKey() {
		return this.signingKey;
	}

	public void setSigningKey(String signingKey) {
		this.signingKey = signingKey;
	}

	public Duration getMaxClockSkew() {
		return this.maxClockSkew;
	}

	public void setMaxClockSkew(Duration maxClockSkew) {
		this.maxClockSkew = maxClockSkew;
	}

	public int getReplayCacheSize() {
		return this.replayCacheSize;
	}

	public void setReplayCacheSize(int replayCacheSize) {
		this.replayCacheSize = replayCacheSize;
	}

}
