package io.dora.server.netty;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.dora.handler.DoraDispatcher;
import io.dora.netty.DoraChannelInitializer;
import io.dora.netty.NettyTransport;
import io.dora.netty.ServerListener;
import io.dora.protocol.DoraCodes;
import io.dora.protocol.DoraFrameDecoder;
import io.dora.protocol.DoraFrameWriter;
import io.dora.protocol.FrameBufferBudget;
import io.dora.protocol.Guid;
import io.dora.protocol.ResponseEnvelope;
import io.dora.security.FrameVerifier;
import io.dora.server.DoraServer;
import io.dora.server.DoraServerCustomizer;
import io.dora.server.DoraServerException;
import io.dora.server.DoraServerSettings;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.ChannelGroupFuture;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.concurrent.GlobalEventExecutor;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;


/**
 * Dora's TCP endpoint on Netty. Created paused by {@link NettyDoraServerFactory}; {@link #start()} binds,
 * {@link #shutdownGracefully(Duration)} stops accepting, drains in-flight calls and closes.
 */
public class NettyDoraServer implements DoraServer {

	private static final Log logger = LogFactory.getLog(NettyDoraServer.class);

	/** Longest wait for clients to close their connections after the shutdown notice. */
	private static final long MAX_CLOSE_WAIT_MILLIS = 2_000;

	/** Shortest such wait, also when the drain used up the grace period: closing takes a round trip. */
	private static final long MIN_CLOSE_WAIT_MILLIS = 100;

	private final DoraServerSettings settings;

	private final DoraDispatcher dispatcher;

	private final DoraFrameWriter writer;

	private final FrameVerifier verifier;

	private final SslContext sslContext;

	private final List<DoraServerCustomizer> customizers;

	private final NettyTransport transport = NettyTransport.best();

	private final ChannelGroup channels = new DefaultChannelGroup("dora-server", GlobalEventExecutor.INSTANCE);

	private final FrameBufferBudget budget;

	private final boolean clientCertificatesRequired;

	private final TlsRefusals tlsRefusals = new TlsRefusals();

	private final TlsHandshakeObserver tlsHandshakeObserver = new TlsHandshakeObserver(this.tlsRefusals);

	private volatile ServerListener listener;

	/**
	 * @param settings how to listen
	 * @param dispatcher runs the requests
	 * @param writer encodes replies
	 * @param verifier checks request signatures; {@code null} accepts unsigned requests
	 * @param sslContext TLS for every connection; {@code null} for plain TCP
	 * @param budget what frames still arriving may hold, shared with the HTTP endpoint's bodies
	 * @param clientCertificatesRequired whether the TLS context requires a client certificate (mutual TLS)
	 * @param customizers applied to the bootstrap and to every connection, in order
	 */
	NettyDoraServer(DoraServerSettings settings, DoraDispatcher dispatcher, DoraFrameWriter writer,
			FrameVerifier verifier, SslContext sslContext, FrameBufferBudget budget, boolean clientCertificatesRequired,
			List<DoraServerCustomizer> customizers) {
		this.settings = settings;
		this.dispatcher = dispatcher;
		this.writer = writer;
		this.verifier = verifier;
		this.sslContext = sslContext;
		this.customizers = List.copyOf(customizers);
		this.budget = budget;
		this.clientCertificatesRequired = clientCertificatesRequired && sslContext != null;
	}

	@Override
	public synchronized void start() {
		if (this.listener != null) {
			return;
		}
		DoraServerHandler handler = new DoraServerHandler(this.dispatcher, this.writer, this.channels,
				this.settings.maxConnections(), this.verifier);
		SslContext tls = this.sslContext;
		ChannelHandler initializer = new DoraChannelInitializer(
				(tls != null) ? (channel) -> tls.newHandler(channel.alloc()) : null,
				this.settings.idleTimeout().toMillis(), () -> new DoraFrameDecoder(this.settings.maxFrameLength(),
						this.settings.frameReadTimeout().toMillis(), this.budget, this.writer.codec()::supports),
				() -> handler, this::customize);
		InetSocketAddress address = ServerListener.address(this.settings.address(), this.settings.port());
		try {
			this.listener = ServerListener.bind(this.transport, "dora-server", this.settings.ioThreads(), address,
					initializer, this::customize);
		}
		catch (Exception ex) {
			throw new DoraServerException(address, ex);
		}
		logger.info("Dora server started on " + ServerListener.describe(address()) + " (" + TlsDescription.of(this.sslContext)
				+ ", " + this.transport.name().toLowerCase() + ((this.verifier != null) ? ", signed requests only" : "")
				+ ") serving " + this.dispatcher.registry().size() + " APIs");
		warnIfOpen();
	}

	/**
	 * One line when anyone who can reach the port may run every API: bound beyond loopback, with neither request
	 * signing nor client certificates. The original was always so; a provider for Java should say it is.
	 */
	private void warnIfOpen() {
		InetSocketAddress bound = address();
		if (this.verifier != null || this.clientCertificatesRequired || bound == null
				|| bound.getAddress().isLoopbackAddress()) {
			return;
		}
		logger.warn("Dora server on " + ServerListener.describe(bound)
				+ " runs requests from anyone who can reach it: it is bound "
				+ "beyond loopback with neither request signing nor client certificates. Set dora.security.keys "
				+ "(and dora.server.ssl.bundle for TLS), or bind it to loopback with dora.server.address=127.0.0.1.");
	}

	private void customize(Channel channel) {
		ChannelPipeline pipeline = channel.pipeline();
		ChannelHandlerContext tls = pipeline.context(SslHandler.class);
		if (tls != null) {
			pipeline.addFirst(new PlainTextOnTlsPort(this.writer, this.tlsRefusals));
			pipeline.addAfter(tls.name(), null, this.tlsHandshakeObserver);
		}
		this.customizers.forEach((customizer) -> customizer.customize(channel));
	}

	private void customize(ServerBootstrap bootstrap) {
		this.customizers.forEach((customizer) -> customizer.customize(bootstrap));
	}

	@Override
	public InetSocketAddress address() {
		ServerListener current = this.listener;
		return (current != null) ? current.address() : null;
	}

	@Override
	public boolean isRunning() {
		ServerListener current = this.listener;
		return current != null && current.isActive();
	}

	public int openConnections() {
		return this.channels.size();
	}

	@Override
	public boolean isTls() {
		return this.sslContext != null;
	}

	@Override
	public long refusedTlsHandshakes() {
		return this.tlsRefusals.count();
	}

	@Override
	public boolean requiresSignedRequests() {
		return this.verifier != null;
	}

	/**
	 * Stops accepting connections and requests (new requests on open connections are answered 100015), waits up
	 * to {@code gracePeriod} for admitted work, then tells every client it is done and closes what they leave open.
	 * @return whether all admitted work finished within the grace period
	 */
	@Override
	public boolean shutdownGracefully(Duration gracePeriod) {
		ServerListener current;
		synchronized (this) {
			current = this.listener;
			if (current == null) {
				return true;
			}
		}
		long start = System.nanoTime();
		InetSocketAddress address = address();
		current.stopAccepting();
		boolean drained;
		try {
			drained = this.dispatcher.shutdown(gracePeriod);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			drained = false;
		}
		int abandoned = this.dispatcher.inFlight();
		noticeAndAwaitClose(start + gracePeriod.toNanos() - System.nanoTime());
		stop();
		long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
		if (drained) {
			logger.info("Dora server on " + ServerListener.describe(address) + " (" + this.dispatcher.registry().size()
					+ " APIs) stopped after draining in-flight calls (" + millis + " ms)");
		}
		else {
			logger.warn("Dora server on " + ServerListener.describe(address) + " stopped with " + abandoned
					+ " calls still running after the grace period of " + gracePeriod);
		}
		return drained;
	}

	/**
	 * Sends every connection the shutdown notice (a 100015 reply with the all-zero guid) and waits for the clients
	 * to close them, answering 100015 to whatever still arrives. Closing from this side instead would race with
	 * requests already on their way: they would be lost, or worse, turn the close into a reset that destroys
	 * replies the client has not read yet. A Dora client writes nothing more after the notice, and closes once its
	 * last call is answered; connections of clients that ignore the notice are closed after a short wait.
	 */
	private void noticeAndAwaitClose(long nanosLeft) {
		if (this.channels.isEmpty()) {
			return;
		}
		long waitMillis = Math.max(MIN_CLOSE_WAIT_MILLIS,
				Math.min(MAX_CLOSE_WAIT_MILLIS, TimeUnit.NANOSECONDS.toMillis(nanosLeft)));
		ChannelGroupFuture closed = this.channels.newCloseFuture();
		ResponseEnvelope<?> notice = ResponseEnvelope.status(Guid.ZERO.toString(), DoraCodes.SHUTTING_DOWN,
				"server shutting down: nothing more is executed on this connection");
		for (Channel connection : this.channels) {
			new ChannelReplySink(connection, Guid.ZERO, this.writer).reply(notice);
		}
		closed.awaitUninterruptibly(waitMillis);
	}

	@Override
	public synchronized void stop() {
		if (this.listener == null) {
			return;
		}
		this.listener.close(this.channels);
		this.listener = null;
	}

}
