package io.dora.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Request signing with shared secrets, for both sides: a provider with keys accepts only requests signed with one
 * of them, for an audience it answers to; a consumer signs every request with its signing key.
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

	/**
	 * Largest number of recent signatures a provider remembers in memory to refuse replays. Defaults to what a
	 * peak of 1000 signed requests per second needs: 1000 times twice the clock skew (120000 with the default skew).
	 */
	private Integer replayCacheSize;

	/**
	 * Audiences a provider answers to besides its groups (dora.registry.groups) and the address a request arrives
	 * on: further names that callers sign their requests for, such as a group name used by static endpoints.
	 */
	private List<String> audiences = new ArrayList<>();

	/**
	 * Where a provider remembers used signatures: 'local' (this process only) or 'redis' (also in the application's
	 * Redis, shared by the providers that use it and kept across restarts).
	 */
	private ReplayMemory replayMemory = ReplayMemory.LOCAL;

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

	public Integer getReplayCacheSize() {
		return this.replayCacheSize;
	}

	public void setReplayCacheSize(Integer replayCacheSize) {
		this.replayCacheSize = replayCacheSize;
	}

	public List<String> getAudiences() {
		return this.audiences;
	}

	public void setAudiences(List<String> audiences) {
		this.audiences = audiences;
	}

	public ReplayMemory getReplayMemory() {
		return this.replayMemory;
	}

	public void setReplayMemory(ReplayMemory replayMemory) {
		this.replayMemory = replayMemory;
	}

	/** Where used signatures are remembered. */
	public enum ReplayMemory {

		/** In this process only: forgotten on restart, not shared with other providers. */
		LOCAL,

		/** Also in the application's Redis, with SET NX PX: shared by providers and kept across restarts. */
		REDIS

	}

}
