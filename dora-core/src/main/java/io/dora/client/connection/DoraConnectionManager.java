package io.dora.client.connection;

import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;

import io.dora.discovery.DoraEndpoint;
import io.dora.netty.DoraChannelInitializer;
import io.dora.netty.NettyTransport;
import io.dora.netty.TlsFailures;
import io.dora.protocol.DoraBodyCodec;
import io.dora.protocol.DoraFrameDecoder;
import io.dora.protocol.DoraJsonCodec;
import io.dora.protocol.FrameBufferBudget;
import io.dora.protocol.original.OriginalEnvelopes;
import io.dora.protocol.original.OriginalFrameDecoder;
import io.dora.protocol.original.OriginalFrameWriter;
import io.dora.protocol.original.OriginalWireOptions;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.HashedWheelTimer;
import io.netty.util.concurrent.DefaultThreadFactory;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.context.SmartLifecycle;

/**
 * Owns the client's event loop and its long-lived connections, a few per provider endpoint, opened on first use
 * and re-opened on demand after they drop. Stops after the server side of the application has drained, so
 * handlers that call other services can finish; calls still waiting then fail with 100012. Connections to
 * providers of the original PHP Dora RPC are kept apart, per endpoint and wire options, and speak its protocol.
 */
public class DoraConnectionManager implements DoraConnectionSource, SmartLifecycle {

	/** Lower than the server's phase: started before it, stopped after it. */
	public static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 2048;

	private static final Log logger = LogFactory.getLog(DoraConnectionManager.class);

	private final DoraConnectionSettings settings;

	private final DoraJsonCodec codec;

	private final DoraClientStats stats;

	private final SslContext sslContext;

	private final RecentTimeouts recentTimeouts = new RecentTimeouts(1024);

	private final Map<DoraEndpoint, EndpointConnections> connections = new ConcurrentHashMap<>();

	/** Connections to providers that speak the original protocol, by endpoint and wire options. */
	private final Map<OriginalKey, EndpointConnections> originalConnections = new ConcurrentHashMap<>();

	private volatile EventLoopGroup group;

	private volatile Bootstrap bootstrap;

	private volatile HashedWheelTimer timer;

	private volatile boolean stopped;

	public DoraConnectionManager(DoraConnectionSettings settings, DoraJsonCodec codec, DoraClientStats stats) {
		this(settings, codec, stats, null);
	}

	/**
	 * @param settings how to connect and wait
	 * @param codec the JSON codec
	 * @param stats counters of what was dropped
	 * @param sslContext TLS for every connection, verifying the provider's host name; {@code null} for plain TCP
	 */
	public DoraConnectionManager(DoraConnectionSettings settings, DoraJsonCodec codec, DoraClientStats stats,
			SslContext sslContext) {
		this.settings = settings;
		this.codec = codec;
		this.stats = stats;
		this.sslContext = sslContext;
	}

	public DoraConnectionSettings settings() {
		return this.settings;
	}

	public DoraClientStats stats() {
		return this.stats;
	}

	/** A connection to the endpoint, opening one if needed. Fails with {@link NotSentException} if it cannot. */
	@Override
	public CompletableFuture<DoraConnection> connection(DoraEndpoint endpoint) {
		return connection(endpoint, null);
	}

	/**
	 * A connection to the endpoint speaking Dora's protocol, or the original protocol with the given options,
	 * opening one if needed. Fails with {@link NotSentException} if it cannot.
	 * @param original the original protocol's options, or {@code null} for Dora's protocol
	 */
	@Override
	public CompletableFuture<DoraConnection> connection(DoraEndpoint endpoint, OriginalWireOptions original) {
		if (this.stopped) {
			return CompletableFuture.failedFuture(
					new NotSentException(endpoint, new IllegalStateException("the Dora client is stopped")));
		}
		ensureStarted();
		if (original != null) {
			return this.originalConnections
				.computeIfAbsent(new OriginalKey(endpoint, original), (key) -> new EndpointConnections(endpoint, original))
				.next();
		}
		return this.connections.computeIfAbsent(endpoint, (key) -> new EndpointConnections(endpoint, null)).next();
	}

	/** Calls in flight to an endpoint on all its connections, in either protocol. */
	public int inFlight(DoraEndpoint endpoint) {
		EndpointConnections endpointConnections = this.connections.get(endpoint);
		int inFlight = (endpointConnections != null) ? endpointConnections.inFlight() : 0;
		for (Map.Entry<OriginalKey, EndpointConnections> entry : this.originalConnections.entrySet()) {
			if (entry.getKey().endpoint().equals(endpoint)) {
				inFlight += entry.getValue().inFlight();
			}
		}
		return inFlight;
	}

	/** Open connections across all endpoints, in either protocol. */
	public int openConnections() {
		int open = 0;
		for (EndpointConnections endpointConnections : this.connections.values()) {
			open += endpointConnections.open();
		}
		for (EndpointConnections endpointConnections : this.originalConnections.values()) {
			open += endpointConnections.open();
		}
		return open;
	}

	private void ensureStarted() {
		if (this.bootstrap != null) {
			return;
		}
		synchronized (this) {
			if (this.bootstrap != null || this.stopped) {
				return;
			}
			this.timer = new HashedWheelTimer(new DefaultThreadFactory("dora-client-timer", true), 10,
					TimeUnit.MILLISECONDS);
			// Chosen on first use: a consumer that has not called yet loads no native transport.
			NettyTransport transport = NettyTransport.best();
			this.group = transport.createGroup(this.settings.ioThreads(), "dora-client-io");
			this.bootstrap = new Bootstrap().group(this.group)
				.channel(transport.clientChannel())
				.option(ChannelOption.TCP_NODELAY, true)
				.option(ChannelOption.SO_KEEPALIVE, true)
				.option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) this.settings.connectTimeout().toMillis());
		}
	}

	/** The pipeline of a connection to one endpoint: TLS names the endpoint's host for verification. */
	private DoraChannelInitializer initializer(DoraEndpoint endpoint) {
		SslContext tls = this.sslContext;
		int maxFrameLength = this.settings.maxFrameLength();
		return new DoraChannelInitializer(
				(tls != null) ? (channel) -> tls.newHandler(channel.alloc(), endpoint.host(), endpoint.port()) : null,
				this.settings.heartbeatInterval().toMillis(), () -> new DoraFrameDecoder(maxFrameLength, 0, FrameBufferBudget.UNLIMITED, this.codec::supports),
				DoraClientHandler::new, null);
	}

	/**
	 * The pipeline of a connection to a provider speaking the original protocol: no TLS and no heartbeat, which
	 * the original protocol has not; frames are checked as on Dora connections.
	 */
	private DoraChannelInitializer originalInitializer(OriginalWireOptions options) {
		int maxFrameLength = this.settings.maxFrameLength();
		OriginalFrameWriter writer = new OriginalFrameWriter(options, maxFrameLength);
		OriginalEnvelopes envelopes = new OriginalEnvelopes(this.codec.mapper());
		return new DoraChannelInitializer(null, 0,
				() -> new OriginalFrameDecoder(maxFrameLength, 0, FrameBufferBudget.UNLIMITED, options),
				() -> new OriginalProtocolClientHandler(writer, envelopes), null);
	}

	private CompletableFuture<DoraConnection> open(DoraEndpoint endpoint, OriginalWireOptions original) {
		CompletableFuture<DoraConnection> result = new CompletableFuture<>();
		ChannelFuture connect = this.bootstrap.clone()
			.handler((original != null) ? originalInitializer(original) : initializer(endpoint))
			.connect(new InetSocketAddress(endpoint.host(), endpoint.port()));
		connect.addListener((future) -> {
			if (!future.isSuccess()) {
				result.completeExceptionally(new NotSentException(endpoint, future.cause()));
				return;
			}
			Channel channel = connect.channel();
			SslHandler tls = channel.pipeline().get(SslHandler.class);
			if (tls == null) {
				connected(endpoint, channel, original == null, result);
				return;
			}
			// Nothing is sent before the provider proved who it is.
			tls.handshakeFuture().addListener((handshake) -> {
				if (handshake.isSuccess()) {
					connected(endpoint, channel, original == null, result);
				}
				else {
					channel.close();
					result.completeExceptionally(new NotSentException(endpoint,
							TlsFailures.seenByClient(handshake.cause(), endpoint.host()), handshake.cause()));
				}
			});
		});
		return result;
	}

	private void connected(DoraEndpoint endpoint, Channel channel, boolean doraProtocol,
			CompletableFuture<DoraConnection> result) {
		DoraConnection connection = new DoraConnection(endpoint, channel, this.timer, this.codec, this.stats,
				this.recentTimeouts, this.settings);
		if (!channel.isActive()) {
			connection.onClosed();
			result.completeExceptionally(new NotSentException(endpoint, new IllegalStateException("connection closed")));
			return;
		}
		DoraBodyCodec preferred = this.codec.bodyCodec(this.settings.bodyCodec());
		if (doraProtocol && preferred != null) {
			connection.probeCodec(preferred);
		}
		if (logger.isDebugEnabled()) {
			logger.debug("Connected to Dora provider " + endpoint + " (" + channel + ")");
		}
		result.complete(connection);
	}

	/** Closes every connection to an endpoint, for example when it left its group. */
	public void close(DoraEndpoint endpoint) {
		EndpointConnections removed = this.connections.remove(endpoint);
		if (removed != null) {
			removed.close();
		}
		this.originalConnections.entrySet().removeIf((entry) -> {
			if (entry.getKey().endpoint().equals(endpoint)) {
				entry.getValue().close();
				return true;
			}
			return false;
		});
	}

	@Override
	public void start() {
		this.stopped = false;
	}

	@Override
	public void stop() {
		this.stopped = true;
		this.connections.values().forEach(EndpointConnections::close);
		this.connections.clear();
		this.originalConnections.values().forEach(EndpointConnections::close);
		this.originalConnections.clear();
		EventLoopGroup current = this.group;
		if (current != null) {
			current.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
		}
		HashedWheelTimer currentTimer = this.timer;
		if (currentTimer != null) {
			currentTimer.stop();
		}
		synchronized (this) {
			this.bootstrap = null;
			this.group = null;
			this.timer = null;
		}
	}

	@Override
	public boolean isRunning() {
		return !this.stopped;
	}

	@Override
	public int getPhase() {
		return PHASE;
	}

	/** The connections to one endpoint; each slot is re-opened when its connection is gone. */
	private final class EndpointConnections {

		private final DoraEndpoint endpoint;

		private final OriginalWireOptions original;

		private final AtomicReferenceArray<CompletableFuture<DoraConnection>> slots;

		private final AtomicInteger next = new AtomicInteger();

		EndpointConnections(DoraEndpoint endpoint, OriginalWireOptions original) {
			this.endpoint = endpoint;
			this.original = original;
			this.slots = new AtomicReferenceArray<>(Math.max(1, DoraConnectionManager.this.settings.connectionsPerEndpoint()));
		}

		CompletableFuture<DoraConnection> next() {
			int index = (this.slots.length() == 1) ? 0 : Math.floorMod(this.next.getAndIncrement(), this.slots.length());
			while (true) {
				CompletableFuture<DoraConnection> current = this.slots.get(index);
				if (current != null && (!current.isDone() || isUsable(current))) {
					return current;
				}
				CompletableFuture<DoraConnection> opening = new CompletableFuture<>();
				if (this.slots.compareAndSet(index, current, opening)) {
					DoraConnectionManager.this.open(this.endpoint, this.original).whenComplete((connection, failure) -> {
						if (failure != null) {
							this.slots.compareAndSet(index, opening, null);
							opening.completeExceptionally(failure);
						}
						else {
							opening.complete(connection);
						}
					});
					return opening;
				}
			}
		}

		private boolean isUsable(CompletableFuture<DoraConnection> future) {
			DoraConnection connection = connectedOrNull(future);
			return connection != null && connection.isActive();
		}

		private static DoraConnection connectedOrNull(CompletableFuture<DoraConnection> future) {
			return (future != null && future.isDone() && !future.isCompletedExceptionally()) ? future.join() : null;
		}

		int inFlight() {
			int total = 0;
			for (int i = 0; i < this.slots.length(); i++) {
				DoraConnection connection = connectedOrNull(this.slots.get(i));
				if (connection != null) {
					total += connection.inFlight();
				}
			}
			return total;
		}

		int open() {
			int open = 0;
			for (int i = 0; i < this.slots.length(); i++) {
				if (isUsable(this.slots.get(i))) {
					open++;
				}
			}
			return open;
		}

		void close() {
			for (int i = 0; i < this.slots.length(); i++) {
				CompletableFuture<DoraConnection> slot = this.slots.getAndSet(i, null);
				if (slot != null) {
					slot.thenAccept(DoraConnection::close);
				}
			}
		}

	}

	/** The connections to an endpoint of an original-protocol group, per set of wire options. */
	private record OriginalKey(DoraEndpoint endpoint, OriginalWireOptions options) {
	}

}
