package io.dora.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.dora.discovery.LoadBalancingStrategy;
import io.dora.protocol.DoraProtocol;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * Configuration of Dora's consumer side: {@code DoraTemplate}, its connections and static groups.
 */
@ConfigurationProperties("dora.client")
public class DoraClientProperties {

	/** Group that DoraTemplate calls unless a view names another. Defaults to the only group when just one is known. */
	private String defaultGroup;

	/** Settings per group: a fixed list of providers, usable without Redis, and the load balancer. */
	private Map<String, Group> groups = new LinkedHashMap<>();

	/** How a call chooses among the providers of a group, unless the group sets its own. */
	private LoadBalancingStrategy loadBalancer = LoadBalancingStrategy.RANDOM;

	/** Time to wait for the reply to each attempt of a call. */
	private Duration timeout = Duration.ofSeconds(3);

	/** Time to establish a TCP connection to a provider. */
	private Duration connectTimeout = Duration.ofSeconds(1);

	/** Number of retries after a failed attempt. Calls sent with retries are deduplicated by the provider. */
	private int retries = 0;

	/** A connection that received nothing for this long is probed with a ping; two unanswered pings close it. */
	private Duration heartbeatInterval = Duration.ofSeconds(30);

	/** Number of Netty I/O threads. 0 uses Netty's default (twice the number of processors). */
	private int ioThreads = 0;

	/** Number of long-lived connections kept to each provider; calls are spread over them. */
	private int connectionsPerEndpoint = 1;

	/** Largest request body sent and reply body accepted (inflated size included). */
	private DataSize maxFrameLength = DataSize.ofMegabytes(2);

	/**
	 * Largest number of calls waiting for a reply or an async result on one connection. A call beyond it goes to
	 * another provider of the group, or fails at once with 100024 without being sent.
	 */
	private int maxPendingCalls = 4096;

	/**
	 * Body codec of requests: "json", or "cbor", Jackson's binary format, smaller and faster to read and write. CBOR
	 * is used on a connection only once the provider proved it reads it; with older providers the client stays on
	 * JSON. Replies come in the request's codec. The application's JsonMapper settings apply to both.
	 */
	private BodyCodec codec = BodyCodec.JSON;

	/** Per-API timeout and retries, keyed by API path or pattern, e.g. "[/module_a/**]". */
	private Map<String, Api> apis = new LinkedHashMap<>();

	private final Compression compression = new Compression();

	private final Async async = new Async();

	private final Pipeline pipeline = new Pipeline();

	private final Ejection ejection = new Ejection();

	private final Ssl ssl = new Ssl();

	public String getDefaultGroup() {
		return this.defaultGroup;
	}

	public void setDefaultGroup(String defaultGroup) {
		this.defaultGroup = defaultGroup;
	}

	public Map<String, Group> getGroups() {
		return this.groups;
	}

	public void setGroups(Map<String, Group> groups) {
		this.groups = groups;
	}

	public LoadBalancingStrategy getLoadBalancer() {
		return this.loadBalancer;
	}

	public void setLoadBalancer(LoadBalancingStrategy loadBalancer) {
		this.loadBalancer = loadBalancer;
	}

	public Duration getTimeout() {
		return this.timeout;
	}

	public void setTimeout(Duration timeout) {
		this.timeout = timeout;
	}

	public Duration getConnectTimeout() {
		return this.connectTimeout;
	}

	public void setConnectTimeout(Duration connectTimeout) {
		this.connectTimeout = connectTimeout;
	}

	public int getRetries() {
		return this.retries;
	}

	public void setRetries(int retries) {
		this.retries = retries;
	}

	public Duration getHeartbeatInterval() {
		return this.heartbeatInterval;
	}

	public void setHeartbeatInterval(Duration heartbeatInterval) {
		this.heartbeatInterval = heartbeatInterval;
	}

	public int getIoThreads() {
		return this.ioThreads;
	}

	public void setIoThreads(int ioThreads) {
		this.ioThreads = ioThreads;
	}

	public int getConnectionsPerEndpoint() {
		return this.connectionsPerEndpoint;
	}

	public void setConnectionsPerEndpoint(int connectionsPerEndpoint) {
		this.connectionsPerEndpoint = connectionsPerEndpoint;
	}

	public DataSize getMaxFrameLength() {
		return this.maxFrameLength;
	}

	public void setMaxFrameLength(DataSize maxFrameLength) {
		this.maxFrameLength = maxFrameLength;
	}

	public BodyCodec getCodec() {
		return this.codec;
	}

	public void setCodec(BodyCodec codec) {
		this.codec = codec;
	}

	public int getMaxPendingCalls() {
		return this.maxPendingCalls;
	}

	public void setMaxPendingCalls(int maxPendingCalls) {
		this.maxPendingCalls = maxPendingCalls;
	}

	public Map<String, Api> getApis() {
		return this.apis;
	}

	public void setApis(Map<String, Api> apis) {
		this.apis = apis;
	}

	public Compression getCompression() {
		return this.compression;
	}

	public Pipeline getPipeline() {
		return this.pipeline;
	}

	public Async getAsync() {
		return this.async;
	}

	public Ejection getEjection() {
		return this.ejection;
	}

	public Ssl getSsl() {
		return this.ssl;
	}

	/** Settings of one group. */
	public static class Group {

		/** Comma-separated list of provider addresses as host:port. When set, the group is static and never looked up in Redis. */
		private List<String> endpoints = new ArrayList<>();

		/** How a call chooses among the providers of this group. Inherits dora.client.load-balancer when not set. */
		private LoadBalancingStrategy loadBalancer;

		/**
		 * The protocol the group's providers speak: dora, or original for providers still running the original PHP
		 * Dora RPC (their TCP port).
		 */
		private Protocol protocol = Protocol.DORA;

		private final Original original = new Original();

		public List<String> getEndpoints() {
			return this.endpoints;
		}

		public void setEndpoints(List<String> endpoints) {
			this.endpoints = endpoints;
		}

		public LoadBalancingStrategy getLoadBalancer() {
			return this.loadBalancer;
		}

		public void setLoadBalancer(LoadBalancingStrategy loadBalancer) {
			this.loadBalancer = loadBalancer;
		}

		public Protocol getProtocol() {
			return this.protocol;
		}

		public void setProtocol(Protocol protocol) {
			this.protocol = protocol;
		}

		public Original getOriginal() {
			return this.original;
		}

	}

	/** The body codec of requests, and with it of their replies. */
	public enum BodyCodec {

		/** UTF-8 JSON, which every provider reads (codec id 1). */
		JSON(DoraProtocol.CODEC_JSON),

		/** CBOR, RFC 8949 (codec id 2), when the provider reads it, JSON otherwise. */
		CBOR(DoraProtocol.CODEC_CBOR);

		private final int id;

		BodyCodec(int id) {
			this.id = id;
		}

		/** The codec id of the frame header. */
		public int id() {
			return this.id;
		}

	}

	/** The protocol a group's providers speak. */
	public enum Protocol {

		/** Dora's own protocol (PROTOCOL.md). */
		DORA,

		/** The original PHP Dora RPC's TCP protocol. */
		ORIGINAL

	}

	/**
	 * The switches of the original protocol, which must match the PHP providers' SW_DATASIGEN_FLAG,
	 * SW_DATASIGEN_SALT and SW_DATACOMPRESS_FLAG.
	 */
	public static class Original extends OriginalWireProperties {

	}

	/** Policy of the APIs matching one path or pattern. */
	public static class Api {

		/** Time to wait for the reply to each attempt. Inherits dora.client.timeout when not set. */
		private Duration timeout;

		/** Number of retries. Inherits dora.client.retries when not set. */
		private Integer retries;

		public Duration getTimeout() {
			return this.timeout;
		}

		public void setTimeout(Duration timeout) {
			this.timeout = timeout;
		}

		public Integer getRetries() {
			return this.retries;
		}

		public void setRetries(Integer retries) {
			this.retries = retries;
		}

	}

	/** Mode-2 (async, collected later) results. */
	public static class Async {

		/** Time to wait for a result after the provider acknowledged the call; then it is reported as 100009. */
		private Duration resultTimeout = Duration.ofMinutes(1);

		/** Largest number of arrived, uncollected results kept; the oldest beyond it are evicted and counted. */
		private int maxResults = 10_000;

		/** Arrived results not collected within this time are evicted and counted. */
		private Duration maxAge = Duration.ofMinutes(5);

		public Duration getResultTimeout() {
			return this.resultTimeout;
		}

		public void setResultTimeout(Duration resultTimeout) {
			this.resultTimeout = resultTimeout;
		}

		public int getMaxResults() {
			return this.maxResults;
		}

		public void setMaxResults(int maxResults) {
			this.maxResults = maxResults;
		}

		public Duration getMaxAge() {
			return this.maxAge;
		}

		public void setMaxAge(Duration maxAge) {
			this.maxAge = maxAge;
		}

	}

	/**
	 * Pipelined calls ({@code sendAsync}, {@code submitAsync}): calls sent without waiting, bounded while their
	 * acknowledgement is awaited.
	 */
	public static class Pipeline {

		/**
		 * Largest number of pipelined calls awaiting their acknowledgement, for the whole client (DoraTemplate and
		 * its views, every provider). Keep it at most max-pending-calls.
		 */
		private int window = 1024;

		/**
		 * Time a pipelined call waits for a place in a full window; then it fails with 100024 without being sent.
		 * Zero refuses at once.
		 */
		private Duration windowWait = Duration.ofSeconds(3);

		public int getWindow() {
			return this.window;
		}

		public void setWindow(int window) {
			this.window = window;
		}

		public Duration getWindowWait() {
			return this.windowWait;
		}

		public void setWindowWait(Duration windowWait) {
			this.windowWait = windowWait;
		}

	}

	/** Taking repeatedly failing providers out of rotation. */
	public static class Ejection {

		/** Consecutive failures (refused connections, timeouts) that take a provider out of rotation. */
		private int failureThreshold = 3;

		/** How long the first ejection lasts; each further one doubles it. */
		private Duration baseTime = Duration.ofSeconds(5);

		/** Longest ejection. */
		private Duration maxTime = Duration.ofMinutes(1);

		public int getFailureThreshold() {
			return this.failureThreshold;
		}

		public void setFailureThreshold(int failureThreshold) {
			this.failureThreshold = failureThreshold;
		}

		public Duration getBaseTime() {
			return this.baseTime;
		}

		public void setBaseTime(Duration baseTime) {
			this.baseTime = baseTime;
		}

		public Duration getMaxTime() {
			return this.maxTime;
		}

		public void setMaxTime(Duration maxTime) {
			this.maxTime = maxTime;
		}

	}

	/** TLS for connections to providers. */
	public static class Ssl {

		/**
		 * Name of the Spring Boot SSL bundle (spring.ssl.bundle.*) whose trust material verifies providers and whose
		 * key material, if any, is the client certificate for mutual TLS.
		 */
		private String bundle;

		public String getBundle() {
			return this.bundle;
		}

		public void setBundle(String bundle) {
			this.bundle = bundle;
		}

	}

}
