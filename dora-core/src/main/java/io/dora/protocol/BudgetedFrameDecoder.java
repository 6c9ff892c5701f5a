package io.dora.protocol;

import java.util.List;
import java.util.concurrent.TimeUnit;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.util.concurrent.ScheduledFuture;

/**
 * The guards every frame decoder of a provider needs, whatever its header: a frame that does not arrive in one
 * piece holds its length of a {@link FrameBufferBudget} shared by all connections until it is complete; a refused
 * frame's bytes are skipped without being buffered; a started frame, a skipped one included, must be complete
 * within the frame read timeout; and after a fatal error the rest of the stream is discarded. Subclasses read their
 * header in {@link #decodeFrame} and say what a frame not completed in time becomes.
 * Stateful: one instance per channel, never shared.
 */
public abstract class BudgetedFrameDecoder extends ByteToMessageDecoder {

	private final long frameReadTimeoutMillis;

	private final FrameBufferBudget budget;

	/** What the frame being received holds of the budget. */
	private long reserved;

	private long bytesToDiscard;

	private boolean corrupted;

	private ScheduledFuture<?> frameTimeout;

	/**
	 * @param frameReadTimeoutMillis time a started frame may take to arrive completely; 0 disables the check
	 * @param budget what frames still arriving may hold, shared with the other connections
	 */
	protected BudgetedFrameDecoder(long frameReadTimeoutMillis, FrameBufferBudget budget) {
		this.frameReadTimeoutMillis = frameReadTimeoutMillis;
		this.budget = budget;
	}

	@Override
	protected final void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
		if (this.corrupted) {
			in.skipBytes(in.readableBytes());
			return;
		}
		if (this.bytesToDiscard > 0) {
			discard(in);
			if (this.bytesToDiscard > 0) {
				return;
			}
			cancelFrameTimeout();
		}
		decodeFrame(ctx, in, out);
	}

	/**
	 * Reads the next frame, or refuses it through {@link #skipFrame} or {@link #fail}, or waits for more bytes
	 * through {@link #awaitRestOfFrame}; {@link #frameComplete} before taking a whole frame.
	 */
	protected abstract void decodeFrame(ChannelHandlerContext ctx, ByteBuf in, List<Object> out);

	/**
	 * What a frame not completed within the timeout becomes: a fatal error for the handler to answer.
	 * @param pending the bytes received of it, unless {@link #isSkippingFrame()} says it is a refused frame
	 */
	protected abstract Object frameTimedOutError(ByteBuf pending);

	/** Accounts for the frame being received, once; {@code false} when the budget cannot hold it. */
	protected final boolean reserve(long frameLength) {
		if (this.reserved > 0) {
			return true;
		}
		if (!this.budget.tryReserve(frameLength)) {
			return false;
		}
		this.reserved = frameLength;
		return true;
	}

	/** Refuses a frame whose length still frames the stream: answers it and skips its bytes unbuffered. */
	protected final void skipFrame(ChannelHandlerContext ctx, ByteBuf in, List<Object> out, long frameLength,
			Object rejection) {
		this.bytesToDiscard = frameLength;
		discard(in);
		out.add(rejection);
		if (this.bytesToDiscard > 0) {
			startFrameTimeout(ctx);
		}
		else {
			cancelFrameTimeout();
		}
	}

	/** Whether the bytes still to come belong to a refused frame. */
	protected final boolean isSkippingFrame() {
		return this.bytesToDiscard > 0;
	}

	/** The whole frame is in: it no longer needs its clock or its share of the budget. */
	protected final void frameComplete() {
		cancelFrameTimeout();
		releaseReservation();
	}

	/** A fatal error: answered, then the rest of the stream is discarded. */
	protected final void fail(ByteBuf in, List<Object> out, Object error) {
		cancelFrameTimeout();
		releaseReservation();
		this.corrupted = true;
		in.skipBytes(in.readableBytes());
		out.add(error);
	}

	/** A frame has started but is not all in: its clock runs from now, once. */
	protected final void awaitRestOfFrame(ChannelHandlerContext ctx, ByteBuf in) {
		if (in.isReadable()) {
			startFrameTimeout(ctx);
		}
	}

	protected final long frameReadTimeoutMillis() {
		return this.frameReadTimeoutMillis;
	}

	private void discard(ByteBuf in) {
		int skip = (int) Math.min(this.bytesToDiscard, in.readableBytes());
		in.skipBytes(skip);
		this.bytesToDiscard -= skip;
	}

	private void releaseReservation() {
		if (this.reserved > 0) {
			this.budget.release(this.reserved);
			this.reserved = 0;
		}
	}

	private void startFrameTimeout(ChannelHandlerContext ctx) {
		if (this.frameReadTimeoutMillis <= 0 || this.frameTimeout != null) {
			return;
		}
		this.frameTimeout = ctx.executor().schedule(() -> frameTimedOut(ctx), this.frameReadTimeoutMillis,
				TimeUnit.MILLISECONDS);
	}

	private void frameTimedOut(ChannelHandlerContext ctx) {
		this.frameTimeout = null;
		if (this.corrupted || !ctx.channel().isActive()) {
			return;
		}
		ByteBuf pending = internalBuffer();
		Object error = frameTimedOutError(pending);
		this.corrupted = true;
		releaseReservation();
		pending.skipBytes(pending.readableBytes());
		ctx.fireChannelRead(error);
	}

	private void cancelFrameTimeout() {
		if (this.frameTimeout != null) {
			this.frameTimeout.cancel(false);
			this.frameTimeout = null;
		}
	}

	@Override
	protected void handlerRemoved0(ChannelHandlerContext ctx) {
		cancelFrameTimeout();
		releaseReservation();
	}

	@Override
	public void channelInactive(ChannelHandlerContext ctx) throws Exception {
		cancelFrameTimeout();
		releaseReservation();
		super.channelInactive(ctx);
	}

}
