package io.dora.autoconfigure;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * Configuration of Dora's provider side: the TCP server, the business executor and the limits shared with the
 * HTTP endpoint.
 */
@ConfigurationProperties("dora.server")
public class DoraServerProperties {

	/** TCP port of the Dora server. Use 0 to pick a free port, published as local.dora.server.port. */
	private int port = 9567;

	/** Network address to bind. Every interface when not set. */
	private String address;

	/** Number of Netty I/O threads. 0 uses Netty's default (twice the number of processors). */
	private int ioThreads = 0;

	/** Number of business threads that run handlers. Ignored with virtual threads. */
	private int businessThreads = 64;

	/**
	 * Whether handlers declared @DoraApi(nonBlocking = true), and calls of unknown APIs, run on the thread that read
	 * the request instead of the business executor. Set to false to run every handler on the business executor.
	 */
	private boolean runNonBlockingOnIoThread = true;

	/** Number of API executions that may wait for a business thread; beyond it callers get 100014 at once. */
	private int queueCapacity = 1024;

	/** Largest frame (extension plus body, inflated size included) and HTTP request body accepted. */
	private DataSize maxFrameLength = DataSize.ofMegabytes(2);

	/** Time a started frame may take to arrive completely before the connection is answered 100007 and closed. */
	private Duration frameReadTimeout = Duration.ofSeconds(10);

	/** Connections that send nothing, not even a heartbeat, for this long are closed. Zero disables it. */
	private Duration idleTimeout = Duration.ofMinutes(2);

	/** Largest number of open TCP connections; further ones are closed as soon as they are accepted. */
	private int maxConnections = 10_000;

	/**
	 * Largest number of bytes that frames still arriving may hold, all connections together; a frame beyond it is
	 * answered 100014 and skipped. Defaults to a quarter of the maximum heap, which is also the JVM's default limit
	 * for the direct memory Netty receives into.
	 */
	private DataSize maxBufferedBytes;

	/** Largest number of APIs in one multi-API request; beyond it the request is answered 100021. */
	private int maxApisPerRequest = 64;

	private final Compression compression = new Compression();

	private final Shutdown shutdown = new Shutdown();

	private final Control control = new Control();

	private final Deduplication deduplication = new Deduplication();

	private final Ssl ssl = new Ssl();

	private final OriginalProtocol originalProtocol = new OriginalProtocol();

	public int getPort() {
		return this.port;
	}

	public void setPort(int port) {
		this.port = port;
	}

	public String getAddress() {
		return this.address;
	}

	public void setAddress(String address) {
		this.address = address;
	}

	public int getIoThreads() {
		return this.ioThreads;
	}

	public void setIoThreads(int ioThreads) {
		this.ioThreads = ioThreads;
	}

	public int getBusinessThreads() {
		return this.businessThreads;
	}

	public void setBusinessThreads(int businessThreads) {
		this.businessThreads = businessThreads;
	}

	public boolean isRunNonBlockingOnIoThread() {
		return this.runNonBlockingOnIoThread;
	}

	public void setRunNonBlockingOnIoThread(boolean runNonBlockingOnIoThread) {
		this.runNonBlockingOnIoThread = runNonBlockingOnIoThread;
	}

	public int getQueueCapacity() {
		return this.queueCapacity;
	}

	public void setQueueCapacity(int queueCapacity) {
		this.queueCapacity = queueCapacity;
	}

	public DataSize getMaxFrameLength() {
		return this.maxFrameLength;
	}

	public void setMaxFrameLength(DataSize maxFrameLength) {
		this.maxFrameLength = maxFrameLength;
	}

	public Duration getFrameReadTimeout() {
		return this.frameReadTimeout;
	}

	public void setFrameReadTimeout(Duration frameReadTimeout) {
		this.frameReadTimeout = frameReadTimeout;
	}

	public Duration getIdleTimeout() {
		return this.idleTimeout;
	}

	public void setIdleTimeout(Duration idleTimeout) {
		this.idleTimeout = idleTimeout;
	}

	public int getMaxConnections() {
		return this.maxConnections;
	}

	public void setMaxConnections(int maxConnections) {
		this.maxConnections = maxConnections;
	}

	public DataSize getMaxBufferedBytes() {
		return this.maxBufferedBytes;
	}

	public void setMaxBufferedBytes(DataSize maxBufferedBytes) {
		this.maxBufferedBytes = maxBufferedBytes;
	}

	public int getMaxApisPerRequest() {
		return this.maxApisPerRequest;
	}

	public void setMaxApisPerRequest(int maxApisPerRequest) {
		this.maxApisPerRequest = maxApisPerRequest;
	}

	public Compression getCompression() {
		return this.compression;
	}

	public Shutdown getShutdown() {
		return this.shutdown;
	}

	public Control getControl() {
		return this.control;
	}

	public Deduplication getDeduplication() {
		return this.deduplication;
	}

	public Ssl getSsl() {
		return this.ssl;
	}

	public OriginalProtocol getOriginalProtocol() {
		return this.originalProtocol;
	}

	/** Graceful shutdown. */
	public static class Shutdown {

		/**
		 * Time in-flight calls (including acknowledged fire-and-forget and async work) get to finish after the server
		 * stops accepting. Capped by spring.lifecycle.timeout-per-shutdown-phase.
		 */
		private Duration gracePeriod = Duration.ofSeconds(30);

		public Duration getGracePeriod() {
			return this.gracePeriod;
		}

		public void setGracePeriod(Duration gracePeriod) {
			this.gracePeriod = gracePeriod;
		}

	}

	/** Control commands (getStat, reloadTask). */
	public static class Control {

		/** Whether control commands are answered. They expose internals, so they are off by default. */
		private boolean enabled;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

	}

	/** Memory of recent calls so that a retried guid is not executed twice. */
	public static class Deduplication {

		/** How long the outcome of a call sent with retries is remembered. */
		private Duration window = Duration.ofMinutes(1);

		/** Largest number of outcomes remembered; the oldest are forgotten first. */
		private int maxEntries = 10_000;

		public Duration getWindow() {
			return this.window;
		}

		public void setWindow(Duration window) {
			this.window = window;
		}

		public int getMaxEntries() {
			return this.maxEntries;
		}

		public void setMaxEntries(int maxEntries) {
			this.maxEntries = maxEntries;
		}

	}

	/** TLS for the TCP endpoint. */
	public static class Ssl {

		/** Name of the Spring Boot SSL bundle (spring.ssl.bundle.*) that secures the TCP endpoint. */
		private String bundle;

		/** Whether clients must present a certificate the bundle's trust material accepts. */
		private ClientAuth clientAuth = ClientAuth.NONE;

		public String getBundle() {
			return this.bundle;
		}

		public void setBundle(String bundle) {
			this.bundle = bundle;
		}

		public ClientAuth getClientAuth() {
			return this.clientAuth;
		}

		public void setClientAuth(ClientAuth clientAuth) {
			this.clientAuth = clientAuth;
		}

	}

	/** A second TCP port speaking the original PHP Dora RPC protocol, for PHP clients that have not moved yet. */
	public static class OriginalProtocol extends OriginalWireProperties {

		/**
		 * Whether to open a port for the original PHP Dora RPC's TCP protocol, serving the same handlers. Off by
		 * default: the original protocol cannot authenticate callers.
		 */
		private boolean enabled;

		/** TCP port of the original protocol, next to dora.server.port. Use 0 to pick a free port. */
		private int port = io.dora.protocol.original.OriginalProtocol.DEFAULT_PORT;

		/**
		 * Whether the port may run although dora.security.keys requires signed requests on Dora's own port: the
		 * original protocol has no real authentication, so the port refuses to start with keys unless this is set.
		 */
		private boolean allowUnsigned;

		/**
		 * Whether control commands (getStat, reloadTask) are answered on this port, whose callers cannot be
		 * authenticated. dora.server.control.enabled must be true as well.
		 */
		private boolean controlEnabled;

		private final OriginalRegistry registry = new OriginalRegistry();

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public int getPort() {
			return this.port;
		}

		public void setPort(int port) {
			this.port = port;
		}

		public boolean isAllowUnsigned() {
			return this.allowUnsigned;
		}

		public void setAllowUnsigned(boolean allowUnsigned) {
			this.allowUnsigned = allowUnsigned;
		}

		public boolean isControlEnabled() {
			return this.controlEnabled;
		}

		public void setControlEnabled(boolean controlEnabled) {
			this.controlEnabled = controlEnabled;
		}

		public OriginalRegistry getRegistry() {
			return this.registry;
		}

	}

	/** Announcing the original-protocol port in the original's Redis keys, for the original Monitor. */
	public static class OriginalRegistry {

		/**
		 * Whether to add this provider to the original's dora.serverlist set and refresh its
		 * dora.servertime.<ip>.<port>.time key, under the groups of dora.registry.groups, so that the original's
		 * Monitor lists it for PHP clients.
		 */
		private boolean enabled;

		/** Time between two refreshes of the timestamp; the original Monitor drops nodes not refreshed for 20s. */
		private Duration heartbeatInterval = Duration.ofSeconds(5);

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public Duration getHeartbeatInterval() {
			return this.heartbeatInterval;
		}

		public void setHeartbeatInterval(Duration heartbeatInterval) {
			this.heartbeatInterval = heartbeatInterval;
		}

	}

	/** Client certificate policy of the TCP endpoint. */
	public enum ClientAuth {

		/** No client certificate is asked for. */
		NONE,

		/** A client certificate is asked for but not required. */
		WANT,

		/** A trusted client certificate is required (mutual TLS). */
		NEED

	}

}
