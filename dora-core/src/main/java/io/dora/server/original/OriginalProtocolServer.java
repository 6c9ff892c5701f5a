package io.dora.server.original;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.dora.handler.DoraDispatcher;
import io.dora.netty.DoraChannelInitializer;
import io.dora.netty.NettyTransport;
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
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.GlobalEventExecutor;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.util.StringUtils;

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

	private EventLoopGroup bossGroup;

	private EventLoopGroup workerGroup;

	private volatile Channel serverChannel;

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
		if (this.serverChannel != null) {
			return;
		}
		this.bossGroup = this.transport.createGroup(1, "dora-original-accept");
		this.workerGroup = this.transport.createGroup(this.settings.ioThreads(), "dora-original-io");
		ServerBootstrap bootstrap = new ServerBootstrap().group(this.bossGroup, this.workerGroup)
			.channel(this.transport.serverChannel())
			.option(ChannelOption.SO_BACKLOG, 3000)
			.option(ChannelOption.SO_REUSEADDR, true)
			.childOption(ChannelOption.TCP_NODELAY, true)
			.childOption(ChannelOption.SO_KEEPALIVE, true)
			.childHandler(new DoraChannelInitializer(null, this.settings.idleTimeout().toMillis(),
					() -> new OriginalFrameDecoder(this.settings.maxFrameLength(),
							this.settings.frameReadTimeout().toMillis(), this.budget, this.options),
					() -> this.handler, this::customize));
		this.customizers.forEach((customizer) -> customizer.customize(bootstrap));
		InetSocketAddress address = StringUtils.hasText(this.settings.address())
				? new InetSocketAddress(this.settings.address(), this.settings.port())
				: new InetSocketAddress(this.settings.port());
		try {
			this.serverChannel = bootstrap.bind(address).syncUninterruptibly().channel();
		}
		catch (Exception ex) {
			shutdownGroups();
			throw new DoraServerException(address, ex);
		}
		logger.info("Dora original-protocol server (PHP Dora RPC clients) started on " + describe(address())
				+ ((this.options.signed()) ? ", CRC-32 signature" : "") + ((this.options.compressed()) ? ", gzip" : "")
				+ " serving " + this.dispatcher.registry().size() + " APIs");
	}

	private void customize(Channel channel) {
		this.customizers.forEach((customizer) -> customizer.customize(channel));
	}

	@Override
	public InetSocketAddress address() {
		Channel channel = this.serverChannel;
		return (channel != null) ? (InetSocketAddress) channel.localAddress() : null;
	}

	@Override
	public boolean isRunning() {
		Channel channel = this.serverChannel;
		return channel != null && channel.isActive();
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
		Channel channel;
		synchronized (this) {
			channel = this.serverChannel;
			if (channel == null) {
				return true;
			}
		}
		channel.close().syncUninterruptibly();
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
		if (this.serverChannel == null) {
			return;
		}
		this.serverChannel.close().syncUninterruptibly();
		this.channels.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
		shutdownGroups();
		this.serverChannel = null;
	}

	private void shutdownGroups() {
		if (this.bossGroup != null) {
			this.bossGroup.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
		}
		if (this.workerGroup != null) {
			this.workerGroup.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
		}
	}

	private static String describe(InetSocketAddress address) {
		String host = address.getAddress().isAnyLocalAddress() ? "*" : address.getHostString();
		return host + ":" + address.getPort();
	}

}
