package io.dora.server.original;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.dora.handler.DoraDispatcher;
import io.dora.netty.NettyTransport;
import io.dora.protocol.FrameBufferBudget;
import io.dora.protocol.original.OriginalEnvelopes;
import io.dora.protocol.original.OriginalFrameDecoder;
import io.dora.protocol.original.OriginalFrameWriter;
import io.dora.protocol.original.OriginalWireOptions;
import io.dora.protocol.original.PhpUnserializer;
import io.dora.server.DoraServerException;
import io.dora.server.DoraServerSettings;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.handler.flush.FlushConsolidationHandler;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.GlobalEventExecutor;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.util.StringUtils;

/**
 * A TCP port speaking the original PHP Dora RPC's protocol, for PHP clients that have not moved yet. It serves the
 * handlers of the {@link DoraDispatcher} Dora's own port uses, with the same limits: frame length, frame read
 * timeout, idle timeout, connections (counted with Dora's port) and the bytes unfinished frames may hold (one
 * budget with Dora's port and the HTTP endpoint). Created
 * paused; {@link #start()} binds, {@link #shutdownGracefully(Duration)} stops accepting, drains and closes.
 */
public class OriginalProtocolServer {

	private static final Log logger = LogFactory.getLog(OriginalProtocolServer.class);

	private final DoraServerSettings settings;

	private final DoraDispatcher dispatcher;

	private final OriginalWireOptions options;

	private final OriginalEnvelopes envelopes;

	private final boolean controlAllowed;

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
	 * @param mapper turns handler results into PHP values
	 * @param controlAllowed whether control commands are answered on this port
	 */
	public OriginalProtocolServer(DoraServerSettings settings, FrameBufferBudget budget, DoraDispatcher dispatcher,
			OriginalWireOptions options, JsonMapper mapper, boolean controlAllowed) {
		this.settings = settings;
		this.budget = budget;
		this.dispatcher = dispatcher;
		this.options = options;
		this.envelopes = new OriginalEnvelopes(mapper);
		this.controlAllowed = controlAllowed;
	}

	/**
	 * Binds the port.
	 * @throws DoraServerException if the address cannot be bound
	 */
	public synchronized void start() {
		if (this.serverChannel != null) {
			return;
		}
		this.bossGroup = this.transport.createGroup(1, "dora-original-accept");
		this.workerGroup = this.transport.createGroup(this.settings.ioThreads(), "dora-original-io");
		OriginalFrameWriter writer = new OriginalFrameWriter(this.options, this.settings.maxFrameLength());
		OriginalProtocolServerHandler handler = new OriginalProtocolServerHandler(this.dispatcher, writer,
				this.envelopes, new PhpUnserializer(), this.channels, this.settings.maxConnections(),
				this.controlAllowed);
		ServerBootstrap bootstrap = new ServerBootstrap().group(this.bossGroup, this.workerGroup)
			.channel(this.transport.serverChannel())
			.option(ChannelOption.SO_BACKLOG, 3000)
			.option(ChannelOption.SO_REUSEADDR, true)
			.childOption(ChannelOption.TCP_NODELAY, true)
			.childOption(ChannelOption.SO_KEEPALIVE, true)
			.childHandler(new ChannelInitializer<Channel>() {

				@Override
				protected void initChannel(Channel channel) {
					ChannelPipeline pipeline = channel.pipeline();
					pipeline.addLast(new FlushConsolidationHandler(
							FlushConsolidationHandler.DEFAULT_EXPLICIT_FLUSH_AFTER_FLUSHES, true));
					long idleMillis = OriginalProtocolServer.this.settings.idleTimeout().toMillis();
					if (idleMillis > 0) {
						pipeline.addLast(new IdleStateHandler(idleMillis, 0, 0, TimeUnit.MILLISECONDS));
					}
					pipeline.addLast(new OriginalFrameDecoder(OriginalProtocolServer.this.settings.maxFrameLength(),
							OriginalProtocolServer.this.settings.frameReadTimeout().toMillis(),
							OriginalProtocolServer.this.budget, OriginalProtocolServer.this.options));
					pipeline.addLast(handler);
				}

			});
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

	/** The bound address, or {@code null} when not started. */
	public InetSocketAddress address() {
		Channel channel = this.serverChannel;
		return (channel != null) ? (InetSocketAddress) channel.localAddress() : null;
	}

	/** The bound port, or -1 when not started. */
	public int port() {
		InetSocketAddress address = address();
		return (address != null) ? address.getPort() : -1;
	}

	public boolean isRunning() {
		Channel channel = this.serverChannel;
		return channel != null && channel.isActive();
	}

	public int openConnections() {
		return this.channels.size();
	}

	/**
	 * Stops accepting connections (requests still arriving on open ones are answered 100015 by the dispatcher),
	 * waits up to {@code gracePeriod} for admitted work, results pushed included, then closes every connection.
	 * The original protocol has no shutdown notice; its clients reconnect on their next call.
	 * @return whether all admitted work finished within the grace period
	 */
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

	/** Closes everything now. */
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
