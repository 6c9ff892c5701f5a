package io.dora.client.connection;

import io.dora.protocol.DoraFrame;
import io.dora.protocol.DoraFrameError;
import io.dora.protocol.DoraFrameWriter;
import io.dora.protocol.Guid;
import io.dora.protocol.MessageType;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.timeout.IdleStateEvent;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Routes frames from a provider to the connection's pending calls and keeps the connection honest: after
 * {@code heartbeat-interval} without a byte from the provider it sends a ping, and after two unanswered pings it
 * closes the connection as dead. A healthy idle connection answers its pings and stays open.
 * One instance per channel.
 */
public final class DoraClientHandler extends SimpleChannelInboundHandler<Object> {

	private static final Log logger = LogFactory.getLog(DoraClientHandler.class);

	private static final int MAX_UNANSWERED_PINGS = 2;

	private int unansweredPings;

	@Override
	protected void channelRead0(ChannelHandlerContext ctx, Object msg) {
		this.unansweredPings = 0;
		DoraConnection connection = ctx.channel().attr(DoraConnection.KEY).get();
		if (connection == null) {
			return;
		}
		if (msg instanceof DoraFrame frame) {
			connection.onFrame(frame);
		}
		else if (msg instanceof DoraFrameError error) {
			connection.onFrameError(error);
		}
	}

	@Override
	public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
		if (event instanceof IdleStateEvent) {
			if (this.unansweredPings >= MAX_UNANSWERED_PINGS) {
				logger.warn("Closing Dora connection " + ctx.channel() + ": " + this.unansweredPings
						+ " heartbeats were not answered");
				ctx.close();
				return;
			}
			this.unansweredPings++;
			ctx.writeAndFlush(DoraFrameWriter.writeEmpty(ctx.alloc(), MessageType.PING, Guid.random()),
					ctx.voidPromise());
			return;
		}
		super.userEventTriggered(ctx, event);
	}

	@Override
	public void channelInactive(ChannelHandlerContext ctx) throws Exception {
		DoraConnection connection = ctx.channel().attr(DoraConnection.KEY).get();
		if (connection != null) {
			connection.onClosed();
		}
		super.channelInactive(ctx);
	}

	@Override
	public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
		if (logger.isDebugEnabled()) {
			logger.debug("Closing Dora connection " + ctx.channel() + " after an error", cause);
		}
		ctx.close();
	}

}
