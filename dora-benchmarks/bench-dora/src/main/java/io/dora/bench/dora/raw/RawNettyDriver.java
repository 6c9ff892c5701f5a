package io.dora.bench.dora.raw;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

import io.dora.bench.core.BenchClient;
import io.dora.bench.core.BenchData;
import io.dora.bench.core.LoadDriver;
import io.dora.bench.core.Operation;
import io.dora.bench.core.User;
import io.dora.netty.DoraChannelInitializer;
import io.dora.netty.NettyTransport;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;

/**
 * The raw-netty peer's driver: one connection shared by every caller thread, as Dora's client multiplexes calls on
 * one connection per provider. A call writes the pre-encoded getUser request with a fresh guid from the caller's
 * thread and waits on a future that the reply with that guid completes; the reply is checked by its length and
 * guid, not decoded. Only sync getUser is served; every other scenario is reported as not applicable.
 */
public final class RawNettyDriver implements BenchClient {

	private static final User USER = BenchData.user(GetUserFrames.USER_ID);

	private final GetUserFrames frames = new GetUserFrames();

	private final EventLoopGroup group;

	private final Channel channel;

	private final Map<Long, CompletableFuture<Boolean>> pending = new ConcurrentHashMap<>();

	private final AtomicLong sequence = new AtomicLong();

	RawNettyDriver(String target) {
		String[] hostPort = target.split(":");
		NettyTransport transport = NettyTransport.best();
		this.group = transport.createGroup(0, "raw-netty-client-io");
		this.channel = new Bootstrap().group(this.group)
			.channel(transport.clientChannel())
			.option(ChannelOption.TCP_NODELAY, true)
			.option(ChannelOption.SO_KEEPALIVE, true)
			.handler(new DoraChannelInitializer(null, 0, () -> RawNettyServer.frameDecoder(this.frames),
					ReplyHandler::new, null))
			.connect(hostPort[0], Integer.parseInt(hostPort[1]))
			.syncUninterruptibly()
			.channel();
	}

	public static void main(String[] args) {
		LoadDriver.main(args, (options) -> new RawNettyDriver(options.require("target")));
	}

	@Override
	public Object call(Operation operation, long sequence) {
		if (operation != Operation.GET_USER) {
			throw new UnsupportedOperationException("the raw-netty peer serves getUser only");
		}
		long id = this.sequence.incrementAndGet();
		CompletableFuture<Boolean> reply = new CompletableFuture<>();
		this.pending.put(id, reply);
		byte[] request = this.frames.request();
		ByteBuf out = this.channel.alloc().ioBuffer(request.length).writeBytes(request);
		out.setLong(GetUserFrames.GUID_OFFSET, 0).setLong(GetUserFrames.GUID_OFFSET + 8, id);
		this.channel.writeAndFlush(out, this.channel.voidPromise());
		try {
			reply.get(3, TimeUnit.SECONDS);
			return USER;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
		catch (ExecutionException | TimeoutException ex) {
			throw new IllegalStateException("raw-netty call " + id + " failed", ex);
		}
		finally {
			this.pending.remove(id);
		}
	}

	@Override
	public void fanOut(int apis, long id) {
		throw new UnsupportedOperationException("fan-out");
	}

	@Override
	public CompletableFuture<User> getUserAsync(long id) {
		throw new UnsupportedOperationException("async calls");
	}

	@Override
	public void notifyOneWay(User user) {
		throw new UnsupportedOperationException("fire-and-forget");
	}

	@Override
	public long notifiedOnServer() {
		throw new UnsupportedOperationException("fire-and-forget");
	}

	@Override
	public void close() {
		this.channel.close().syncUninterruptibly();
		this.group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
	}

	/** Completes the call whose guid the reply carries, when the reply has the expected length. */
	private final class ReplyHandler extends SimpleChannelInboundHandler<ByteBuf> {

		@Override
		protected void channelRead0(ChannelHandlerContext ctx, ByteBuf reply) {
			long id = reply.getLong(reply.readerIndex() + GetUserFrames.GUID_OFFSET + 8);
			CompletableFuture<Boolean> call = RawNettyDriver.this.pending.get(id);
			if (call == null) {
				return;
			}
			if (reply.readableBytes() == RawNettyDriver.this.frames.reply().length) {
				call.complete(Boolean.TRUE);
			}
			else {
				call.completeExceptionally(new IllegalStateException("reply of " + reply.readableBytes() + " bytes"));
			}
		}

	}

}
