package io.dora.bench.dubbo;

import java.net.InetSocketAddress;

import org.apache.dubbo.common.URL;
import org.apache.dubbo.remoting.ChannelHandler;
import org.apache.dubbo.remoting.Client;
import org.apache.dubbo.remoting.RemotingException;
import org.apache.dubbo.remoting.RemotingServer;
import org.apache.dubbo.remoting.Transporter;
import org.apache.dubbo.remoting.transport.netty4.NettyClient;
import org.apache.dubbo.remoting.transport.netty4.NettyServer;

/**
 * Dubbo's Netty 4 transport, pinned to 127.0.0.1. Dubbo treats 127.x as "not a real host" and binds 0.0.0.0
 * whatever the protocol's host says, and a consumer may connect to the machine's non-loopback address; the
 * benchmark must stay on loopback, so this transporter binds and connects to 127.0.0.1 only. Selected with
 * {@code server=loopback} and {@code client=loopback}.
 */
public class LoopbackTransporter implements Transporter {

	static final String NAME = "loopback";

	private static final String LOOPBACK = "127.0.0.1";

	@Override
	public RemotingServer bind(URL url, ChannelHandler handler) throws RemotingException {
		return new NettyServer(url, handler) {

			@Override
			public InetSocketAddress getBindAddress() {
				return new InetSocketAddress(LOOPBACK, url.getPort());
			}

		};
	}

	@Override
	public Client connect(URL url, ChannelHandler handler) throws RemotingException {
		return new NettyClient(url, handler) {

			@Override
			public InetSocketAddress getConnectAddress() {
				return new InetSocketAddress(LOOPBACK, url.getPort());
			}

		};
	}

}
