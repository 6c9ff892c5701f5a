package io.dora.bench.micro;

import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.TrustManagerFactory;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;

/**
 * What it would cost a new TLS connection to wait for proof that the provider accepted it before writing: the time
 * to connect and complete the client's side of a mutual-TLS handshake, against the time of one more round trip
 * over the new connection (what waiting for a first frame or a ping's answer adds). Loopback, the JDK's engine,
 * TLS 1.3 and 1.2; median and 90th percentile of {@value #CONNECTIONS} connections after {@value #WARMUP} warm-up
 * ones.
 * <p>
 * Run (a self-signed EC key in a PKCS#12 store serves as server and client certificate and as trust):
 * {@code keytool -genkeypair -alias key -keyalg EC -dname CN=localhost -ext san=ip:127.0.0.1 -storetype PKCS12
 * -storepass changeit -keystore /tmp/tls-cost.p12} then
 * {@code java -cp "dora-benchmarks/bench-micro/target/classes:$(cat dora-benchmarks/bench-micro/target/classpath.txt)" io.dora.bench.micro.TlsConnectCost /tmp/tls-cost.p12 changeit}
 */
public final class TlsConnectCost {

	private static final int WARMUP = 300;

	private static final int CONNECTIONS = 500;

	private TlsConnectCost() {
	}

	public static void main(String[] args) throws Exception {
		KeyStore store = KeyStore.getInstance("PKCS12");
		try (InputStream in = Files.newInputStream(Path.of(args[0]))) {
			store.load(in, args[1].toCharArray());
		}
		KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
		keys.init(store, args[1].toCharArray());
		TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
		trust.init(store);
		EventLoopGroup group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
		try {
			System.out.println("protocol  handshake p50 / p90 us  one more round trip p50 / p90 us  round trip / handshake (p50)");
			for (String protocol : new String[] { "TLSv1.3", "TLSv1.2" }) {
				SslContext server = SslContextBuilder.forServer(keys).trustManager(trust).clientAuth(ClientAuth.REQUIRE)
					.protocols(protocol).build();
				SslContext client = SslContextBuilder.forClient().keyManager(keys).trustManager(trust)
					.protocols(protocol).build();
				Channel listener = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
					.childHandler(new ChannelInitializer<Channel>() {
						@Override
						protected void initChannel(Channel channel) {
							channel.pipeline().addLast(server.newHandler(channel.alloc()), new Echo());
						}
					})
					.bind(new InetSocketAddress("127.0.0.1", 0)).sync().channel();
				int port = ((InetSocketAddress) listener.localAddress()).getPort();
				long[] handshakes = new long[CONNECTIONS];
				long[] roundTrips = new long[CONNECTIONS];
				for (int i = -WARMUP; i < CONNECTIONS; i++) {
					long[] times = connectOnce(group, client, port);
					if (i >= 0) {
						handshakes[i] = times[0];
						roundTrips[i] = times[1];
					}
				}
				listener.close().sync();
				Arrays.sort(handshakes);
				Arrays.sort(roundTrips);
				System.out.println(String.format(Locale.ROOT, "%-8s  %,10d / %,10d  %,18d / %,10d  %.2f", protocol,
						micros(handshakes, 50), micros(handshakes, 90), micros(roundTrips, 50), micros(roundTrips, 90),
						(double) roundTrips[CONNECTIONS / 2] / handshakes[CONNECTIONS / 2]));
			}
		}
		finally {
			group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
		}
	}

	/** Nanoseconds to connect and handshake, then of one round trip on the new connection. */
	private static long[] connectOnce(EventLoopGroup group, SslContext client, int port) throws Exception {
		CompletableFuture<Long> answered = new CompletableFuture<>();
		long start = System.nanoTime();
		Channel channel = new Bootstrap().group(group).channel(NioSocketChannel.class)
			.handler(new ChannelInitializer<Channel>() {
				@Override
				protected void initChannel(Channel channel) {
					channel.pipeline().addLast(client.newHandler(channel.alloc(), "127.0.0.1", port),
							new ChannelInboundHandlerAdapter() {
								@Override
								public void channelRead(ChannelHandlerContext ctx, Object msg) {
									((ByteBuf) msg).release();
									answered.complete(System.nanoTime());
								}
							});
				}
			})
			.connect("127.0.0.1", port).sync().channel();
		channel.pipeline().get(SslHandler.class).handshakeFuture().sync();
		long handshaken = System.nanoTime();
		channel.writeAndFlush(Unpooled.wrappedBuffer(new byte[] { 1 }));
		long answer = answered.get(10, TimeUnit.SECONDS);
		channel.close().sync();
		return new long[] { handshaken - start, answer - handshaken };
	}

	private static long micros(long[] sorted, int percentile) {
		return sorted[Math.min(sorted.length - 1, sorted.length * percentile / 100)] / 1_000;
	}

	/** Answers every read with one byte. */
	private static final class Echo extends ChannelInboundHandlerAdapter {

		@Override
		public void channelRead(ChannelHandlerContext ctx, Object msg) {
			((ByteBuf) msg).release();
			ctx.writeAndFlush(Unpooled.wrappedBuffer(new byte[] { 1 }));
		}

	}

}
