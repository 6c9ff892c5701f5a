package io.dora.autoconfigure;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration of Dora's Redis registry: how a provider registers itself and how a consumer keeps its views of
 * the groups it calls. The Redis connection itself is Spring Data Redis's ({@code spring.data.redis.*}).
 */
@ConfigurationProperties("dora.registry")
public class DoraRegistryProperties {

	/** The prefix of every key and channel unless {@code dora.registry.key-prefix} says otherwise. */
	public static final String DEFAULT_KEY_PREFIX = "dora";

	/** Groups this application's Dora server registers in. Nothing is registered when empty. */
	private List<String> groups = new ArrayList<>();

	/** Prefix of every Redis key and channel of the registry. */
	private String keyPrefix = DEFAULT_KEY_PREFIX;

	/** Time between two refreshes of a provider's registration. */
	private Duration heartbeatInterval = Duration.ofSeconds(5);

	/** Time after which Redis deletes the registration of a provider that stopped refreshing it. Should be about three heartbeat intervals. */
	private Duration ttl = Duration.ofSeconds(15);

	/** Address consumers connect to, as host or host:port. Defaults to the address the server binds, if specific, else the first site-local address of a network interface. */
	private String advertiseAddress;

	/** Address prefixes preferred when choosing the address to advertise, such as "10.1." or "192.168.". */
	private List<String> preferredNetworks = new ArrayList<>();

	/** Id of this provider in the registry. Generated from the advertised address and a random suffix when not set. */
	private String instanceId;

	/** Relative share of calls this provider gets from consumers' weighted load balancers. */
	private int weight = 1;

	/** Free-form attributes published with the registration. */
	private Map<String, String> metadata = new LinkedHashMap<>();

	/** Time a provider keeps serving after marking itself draining at shutdown, so that consumers stop choosing it before its server stops accepting calls. */
	private Duration drainDelay = Duration.ofSeconds(1);

	/** Time between two full re-reads of the groups a consumer uses, in addition to change notifications. */
	private Duration refreshInterval = Duration.ofSeconds(30);

	/** Time a group must read empty from Redis before a consumer drops the providers it last knew, so that a Redis restart that lost its data does not empty views while providers reconnect and register again (Lettuce waits up to 30 s between reconnect attempts). */
	private Duration emptyGroupGracePeriod = Duration.ofMinutes(1);

	/**
	 * Longest time the first call to a group waits for its providers to be read from Redis. The client's default
	 * group is read at start-up.
	 */
	private Duration initialLoadTimeout = Duration.ofSeconds(5);

	/** File where a consumer keeps the providers it last read, to use when it starts while Redis is unreachable. Not kept when not set. */
	private Path cacheFile;

	public List<String> getGroups() {
		return this.groups;
	}

	public void setGroups(List<String> groups) {
		this.groups = groups;
	}

	public String getKeyPrefix() {
		return this.keyPrefix;
	}

	public void setKeyPrefix(String keyPrefix) {
		this.keyPrefix = keyPrefix;
	}

	public Duration getHeartbeatInterval() {
		return this.heartbeatInterval;
	}

	public void setHeartbeatInterval(Duration heartbeatInterval) {
		this.heartbeatInterval = heartbeatInterval;
	}

	public Duration getTtl() {
		return this.ttl;
	}

	public void setTtl(Duration ttl) {
		this.ttl = ttl;
	}

	public String getAdvertiseAddress() {
		return this.advertiseAddress;
	}

	public void setAdvertiseAddress(String advertiseAddress) {
		this.advertiseAddress = advertiseAddress;
	}

	public List<String> getPreferredNetworks() {
		return this.preferredNetworks;
	}

	public void setPreferredNetworks(List<String> preferredNetworks) {
		this.preferredNetworks = preferredNetworks;
	}

	public String getInstanceId() {
		return this.instanceId;
	}

	public void setInstanceId(String instanceId) {
		this.instanceId = instanceId;
	}

	public int getWeight() {
		return this.weight;
	}

	public void setWeight(int weight) {
		this.weight = weight;
	}

	public Map<String, String> getMetadata() {
		return this.metadata;
	}

	public void setMetadata(Map<String, String> metadata) {
		this.metadata = metadata;
	}

	public Duration getDrainDelay() {
		return this.drainDelay;
	}

	public void setDrainDelay(Duration drainDelay) {
		this.drainDelay = drainDelay;
	}

	public Duration getRefreshInterval() {
		return this.refreshInterval;
	}

	public void setRefreshInterval(Duration refreshInterval) {
		this.refreshInterval = refreshInterval;
	}

	public Duration getEmptyGroupGracePeriod() {
		return this.emptyGroupGracePeriod;
	}

	public void setEmptyGroupGracePeriod(Duration emptyGroupGracePeriod) {
		this.emptyGroupGracePeriod = emptyGroupGracePeriod;
	}

	public Duration getInitialLoadTimeout() {
		return this.initialLoadTimeout;
	}

	public void setInitialLoadTimeout(Duration initialLoadTimeout) {
		this.initialLoadTimeout = initialLoadTimeout;
	}

	public Path getCacheFile() {
		return this.cacheFile;
	}

	public void setCacheFile(Path cacheFile) {
		this.cacheFile = cacheFile;
	}

}
