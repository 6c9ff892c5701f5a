package io.dora.bench.dora.raw;

import java.net.InetSocketAddress;
import java.util.concurrent.CountDownLatch;

import io.dora.bench.core.DriverOptions;
import io.dora.bench.core.ServerReady;
import io.dora.netty.DoraChannelInitializer;
import io.dora.netty.NettyTransport;
import io.dora.netty.ServerListener;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;

/**
 * The raw-netty peer's server: the ceiling of what Dora's server could be on this machine. It listens with Dora's own
 * listener (same transport, event loops, socket options and flush consolidation), cuts frames by the length in
 * Dora's header, and answers every frame with the pre-encoded getUser reply carrying the request's guid: no JSON, no
 * dispatch, no executor. {@code --port N} on 127.0.0.1.
 */
public final class RawNettyServer {

	private RawNettyServer() {
	}

	public static void main(String[] args) throws InterruptedException {
		ServerListener listener = start(Integer.parseInt(new DriverOptions(args).require("port")));
		ServerReady.announce("raw-netty", listener.address().getPort());
		new CountDownLatch(1).await();
	}

	/** Listens on 127.0.0.1 at {@code port} (0 for a free one). */
	static ServerListener start(int port) {
		GetUserFrames frames = new GetUserFrames();
		return ServerListener.bind(NettyTransport.best(), "raw-netty", 0, new InetSocketAddress("127.0.0.1", port),
				new DoraChannelInitializer(null, 0, () -> frameDecoder(frames), () -> new ReplyHandler(frames.reply()),
						null),
				(bootstrap) -> {
				});
	}

	/** Whole frames by the body length in Dora's 32-byte header. */
	static LengthFieldBasedFrameDecoder frameDecoder(GetUserFrames frames) {
		return new LengthFieldBasedFrameDecoder(frames.maxFrameLength(), GetUserFrames.BODY_LENGTH_OFFSET, 4, 0, 0);
	}

	/** Answers each request frame with the reply's bytes and the request's guid. */
	private static final class ReplyHandler extends SimpleChannelInboundHandler<ByteBuf> {

		private final byte[] reply;

		ReplyHandler(byte[] reply) {
			this.reply = reply;
		}

		@Override
		protected void channelRead0(ChannelHandlerContext ctx, ByteBuf request) {
			ByteBuf out = ctx.alloc().ioBuffer(this.reply.length).writeBytes(this.reply);
			out.setBytes(GetUserFrames.GUID_OFFSET, request, request.readerIndex() + GetUserFrames.GUID_OFFSET, 16);
			ctx.writeAndFlush(out, ctx.voidPromise());
		}

	}

}
