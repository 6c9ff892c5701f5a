package io.dora.netty;

import java.util.concurrent.ThreadFactory;

import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;

/**
 * The Netty transport Dora's server and client use: native epoll where Netty's native library loads (Linux),
 * NIO everywhere else. One place hides the choice and Netty 4.2's event-loop idiom.
 */
public enum NettyTransport {

	EPOLL, NIO;

	/** Epoll when available, otherwise NIO. */
	public static NettyTransport best() {
		return isEpollAvailable() ? EPOLL : NIO;
	}

	private static boolean isEpollAvailable() {
		try {
			return Epoll.isAvailable();
		}
		catch (Throwable ex) {
			return false;
		}
	}

	/**
	 * An event loop group with non-daemon threads named after {@code poolName}.
	 * @param threads number of I/O threads; 0 picks Netty's default
	 */
	public EventLoopGroup createGroup(int threads, String poolName) {
		ThreadFactory threadFactory = new DefaultThreadFactory(poolName, false);
		IoHandlerFactory handler = (this == EPOLL) ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
		return new MultiThreadIoEventLoopGroup(threads, threadFactory, handler);
	}

	public Class<? extends ServerChannel> serverChannel() {
		return (this == EPOLL) ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
	}

	public Class<? extends Channel> clientChannel() {
		return (this == EPOLL) ? EpollSocketChannel.class : NioSocketChannel.class;
	}

}
