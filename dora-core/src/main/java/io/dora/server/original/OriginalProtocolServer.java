package io.dora.server.original;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.dora.handler.DoraDispatcher;
import io.dora.netty.DoraChannelInitializer;
import io.dora.netty.NettyTransport;
import io.dora.netty.ServerListener;
import io.dora.protocol.FrameBufferBudget;
import io.dora.protocol.original.OriginalEnvelopes;
import io.dora.protocol.original.OriginalFrameDecoder;
import io.dora.protocol.original.OriginalFrameWriter;
import io.dora.protocol.original.OriginalWireOptions;
import io.dora.protocol.original.PhpUnserializer;
import io.dora.server.DoraServer;
import io.dora.server.DoraServerCustomizer;
import io.dora.server.DoraServerException;
import io.dora.server.DoraServerSettings;
import io.netty.buffer.Unpooled;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.GlobalEventExecutor;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;


/**
 * A TCP port speaking the original PHP Dora RPC's protocol, for PHP clients that have not moved yet. It serves the
 * handlers of the {@link DoraDispatcher} Dora's own port uses, with the same limits: frame length, frame read
 * timeout, idle timeout, connections (counted with Dora's port) and the bytes unfinished frames may hold (one
 * budget with Dora's port and the HTTP endpoint). Created paused by {@link OriginalProtocolServerFactory};
 * {@link #start()} binds, {@link #shutdownGracefully(Duration)} stops accepting, drains and closes. Its
 * connections get the pipeline of every Dora connection ({@link DoraChannelInitializer}) with the original
 * protocol's decoder and handler. It has no TLS and no signed requests: the original protocol has neither.
 */
public class OriginalProtocolServer implements DoraServer {

	private static final Log logger = LogFactory.getLog(OriginalProtocolServer.class);

	private final DoraServerSettings settings;

	private final DoraDispatcher dispatcher;

	private final OriginalWireOptions options;

	private final OriginalProtocolServerHandler handler;

	private final List<DoraServerCustomizer> customizers;

	private final NettyTransport transport = NettyTransport.best();

	private final ChannelGroup channels = new DefaultChannelGroup("dora-original", GlobalEventExecutor.INSTANCE);

	private final FrameBufferBudget budget;

	private volatile ServerListener listener;

	/**
	 * @param settings how to listen and guard connections
	 * @param budget what frames still arriving may hold, shared with Dora's own port and the HTTP endpoint
	 * @param dispatcher runs the requests
	 * @param options the original's signature and compression switches, as the PHP side sets them
	 * @param envelopes turns handler results into the original's envelopes
	 * @param controlAllowed whether control commands are answered on this port
	 * @param customizers applied to the bootstrap and to every connection, in order
	 */
	OriginalProtocolServer(DoraServerSettings settings, FrameBufferBudget budget, DoraDispatcher dispatcher,
			OriginalWireOptions options, OriginalEnvelopes envelopes, boolean controlAllowed,
			List<DoraServerCustomizer> customizers) {
		this.settings = settings;
		this.budget = budget;
		this.dispatcher = dispatcher;
		this.options = options;
		this.handler = new OriginalProtocolServerHandler(dispatcher,
				new OriginalFrameWriter(options, settings.maxFrameLength()), envelopes, new PhpUnserializer(),
				this.channels, settings.maxConnections(), controlAllowed);
		this.customizers = List.copyOf(customizers);
	}

	/**
	 * Binds the port.
	 * @throws DoraServerException if the address cannot be bound
	 */
	@Override
	public synchronized void start() {
		if (this.listener != null) {
			return;
		}
		InetSocketAddress address = ServerListener.address(this.settings.address(), this.settings.port());
		ChannelHandler initializer = new DoraChannelInitializer(null, this.settings.idleTimeout().toMillis(),
				() -> new OriginalFrameDecoder(this.settings.maxFrameLength(),
						this.settings.frameReadTimeout().toMillis(), this.budget, this.options),
				() -> this.handler, this::customize);
		try {
			this.listener = ServerListener.bind(this.transport, "dora-original", this.settings.ioThreads(), address,
					initializer, this::customize);
		}
		catch (Exception ex) {
			throw new DoraServerException(address, ex);
		}
		logger.info("Dora original-protocol server (PHP Dora RPC clients) started on "
				+ ServerListener.describe(address()) + ((this.options.signed()) ? ", CRC-32 signature" : "")
				+ ((this.options.compressed()) ? ", gzip" : "")
				+ " serving " + this.dispatcher.registry().size() + " APIs");
	}

	private void customize(Channel channel) {
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

	/** Never: the original protocol has no TLS. */
	@Override
	public boolean isTls() {
		return false;
	}

	/** Never: the original protocol cannot carry Dora's signatures. */
	@Override
	public boolean requiresSignedRequests() {
		return false;
	}

	/**
	 * Stops accepting connections (requests still arriving on open ones are answered 100015 by the dispatcher),
	 * waits up to {@code gracePeriod} for admitted work, results pushed included, then closes every connection.
	 * The original protocol has no shutdown notice; its clients reconnect on their next call.
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
		current.stopAccepting();
		boolean drained;
		try {
			drained = this.dispatcher.shutdown(gracePeriod);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			drained = false;
		}
		// Written replies leave before the close.
		this.channels.writeAndFlush(Unpooled.EMPTY_BUFFER).awaitUninterruptibly(2, TimeUnit.SECONDS);
		stop();
		return drained;
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
