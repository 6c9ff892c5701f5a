package io.dora.netty;

import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.group.ChannelGroup;

/**
 * A listening socket with its event loops: what every Dora server (Dora's own port, the original protocol's port)
 * does below its protocol. It binds with Dora's socket options, hands accepted connections to the server's
 * initializer (a {@link DoraChannelInitializer}), and on close releases everything it made.
 */
public final class ServerListener {

	private final EventLoopGroup bossGroup;

	private final EventLoopGroup workerGroup;

	private final Channel channel;

	private ServerListener(EventLoopGroup bossGroup, EventLoopGroup workerGroup, Channel channel) {
		this.bossGroup = bossGroup;
		this.workerGroup = workerGroup;
		this.channel = channel;
	}

	/**
	 * Creates the event loops and binds.
	 * @param name names the threads, {@code <name>-accept} and {@code <name>-io}
	 * @param ioThreads the number of I/O threads; 0 picks Netty's default
	 * @param address where to listen
	 * @param initializer sets up each accepted connection
	 * @param customizer adjusts the bootstrap before it binds
	 * @return the bound listener
	 * @throws RuntimeException why the address could not be bound, once the event loops are released
	 */
	public static ServerListener bind(NettyTransport transport, String name, int ioThreads, InetSocketAddress address,
			ChannelHandler initializer, Consumer<ServerBootstrap> customizer) {
		EventLoopGroup bossGroup = transport.createGroup(1, name + "-accept");
		EventLoopGroup workerGroup = transport.createGroup(ioThreads, name + "-io");
		ServerBootstrap bootstrap = new ServerBootstrap().group(bossGroup, workerGroup)
			.channel(transport.serverChannel())
			.option(ChannelOption.SO_BACKLOG, 3000)
			.option(ChannelOption.SO_REUSEADDR, true)
			.childOption(ChannelOption.TCP_NODELAY, true)
			.childOption(ChannelOption.SO_KEEPALIVE, true)
			.childHandler(initializer);
		customizer.accept(bootstrap);
		try {
			return new ServerListener(bossGroup, workerGroup, bootstrap.bind(address).syncUninterruptibly().channel());
		}
		catch (Exception ex) {
			// Netty rethrows the bind failure as is, checked or not.
			shutdown(bossGroup, workerGroup);
			throw ex;
		}
	}

	/** Where to listen: {@code host}, or every interface when it is blank. */
	public static InetSocketAddress address(String host, int port) {
		return (host != null && !host.isBlank()) ? new InetSocketAddress(host, port) : new InetSocketAddress(port);
	}

	/** The bound address. */
	public InetSocketAddress address() {
		return (InetSocketAddress) this.channel.localAddress();
	}

	/** Whether it still accepts connections. */
	public boolean isActive() {
		return this.channel.isActive();
	}

	/** Stops accepting connections; those already open stay open. */
	public void stopAccepting() {
		this.channel.close().syncUninterruptibly();
	}

	/** Stops accepting, closes the connections and releases the event loops. */
	public void close(ChannelGroup connections) {
		stopAccepting();
		connections.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
		shutdown(this.bossGroup, this.workerGroup);
	}

	private static void shutdown(EventLoopGroup... groups) {
		for (EventLoopGroup group : groups) {
			group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
		}
	}

	/** {@code host:port} for logs, {@code *} for every interface. */
	public static String describe(InetSocketAddress address) {
		if (address == null) {
			return "(unbound)";
		}
		String host = address.getAddress().isAnyLocalAddress() ? "*" : address.getHostString();
		return host + ":" + address.getPort();
	}

}
