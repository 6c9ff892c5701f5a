package io.dora.protocol.original;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.dora.protocol.DoraCodes;
import io.dora.protocol.FrameBufferBudget;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.util.concurrent.ScheduledFuture;

/**
 * Splits a stream of the original protocol into {@link OriginalFrame}s, with the same guards as Dora's own
 * decoder: the length field is checked against the limit as soon as its 4 bytes are in, so a peer that declares a
 * huge frame costs nothing; a frame that does not arrive in one piece is accounted in a {@link FrameBufferBudget}
 * shared by all connections (one that does not fit is answered 100014 and skipped unbuffered); and a started frame
 * must be complete within the frame read timeout. A frame that cannot be accepted becomes an
 * {@link OriginalFrameError}:
 * <ul>
 * <li>longer than the limit (100016), or not completed in time (100007): fatal, the handler closes the connection
 * after answering;</li>
 * <li>a length too short to hold the header (100007), or a wrong signature (100005): the frame is skipped and the
 * connection goes on, since its length still frames the stream.</li>
 * </ul>
 * Stateful: one instance per channel, never shared.
 */
public class OriginalFrameDecoder extends ByteToMessageDecoder {

	private final int maxFrameLength;

	private final long frameReadTimeoutMillis;

	private final FrameBufferBudget budget;

	private final OriginalWireOptions options;

	private long reserved;

	private long bytesToDiscard;

	private String skippedGuid;

	private boolean corrupted;

	private ScheduledFuture<?> frameTimeout;

	/**
	 * @param maxFrameLength largest value of the length field accepted, in bytes
	 * @param frameReadTimeoutMillis time a started frame may take to arrive completely; 0 disables the check
	 * @param budget what frames still arriving may hold, shared with the other connections
	 * @param options whether frames are signed
	 */
	public OriginalFrameDecoder(int maxFrameLength, long frameReadTimeoutMillis, FrameBufferBudget budget,
			OriginalWireOptions options) {
		this.maxFrameLength = maxFrameLength;
		this.frameReadTimeoutMillis = frameReadTimeoutMillis;
		this.budget = budget;
		this.options = options;
	}

	@Override
	protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
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
		if (in.readableBytes() < OriginalProtocol.LENGTH_FIELD) {
			awaitRestOfFrame(ctx, in);
			return;
		}
		int start = in.readerIndex();
		long length = in.getUnsignedInt(start);
		String guid = guid(in, start);
		if (length > this.maxFrameLength) {
			fail(in, out, new OriginalFrameError(DoraCodes.FRAME_TOO_LARGE,
					"frame of " + length + " bytes exceeds the limit of " + this.maxFrameLength, guid, true));
			return;
		}
		long frameLength = OriginalProtocol.LENGTH_FIELD + length;
		OriginalFrameError rejection = null;
		if (length < this.options.headerLength()) {
			rejection = new OriginalFrameError(DoraCodes.FRAME_TRUNCATED, "packet length invalid: " + length
					+ " bytes cannot hold the " + this.options.headerLength() + "-byte header", guid, false);
		}
		else if (in.readableBytes() < frameLength && !reserve(frameLength)) {
			rejection = new OriginalFrameError(DoraCodes.SERVER_BUSY, "too many large frames are arriving at once; "
					+ "this one of " + frameLength + " bytes was skipped", guid, false);
		}
		if (rejection != null) {
			this.bytesToDiscard = frameLength;
			discard(in);
			out.add(rejection);
			if (this.bytesToDiscard > 0) {
				this.skippedGuid = guid;
				startFrameTimeout(ctx);
			}
			else {
				cancelFrameTimeout();
			}
			return;
		}
		if (in.readableBytes() < frameLength) {
			awaitRestOfFrame(ctx, in);
			return;
		}
		cancelFrameTimeout();
		releaseReservation();
		in.skipBytes(OriginalProtocol.LENGTH_FIELD);
		int signature = this.options.signed() ? in.readInt() : 0;
		in.skipBytes(OriginalProtocol.GUID_LENGTH);
		byte[] body = new byte[(int) (length - this.options.headerLength())];
		in.readBytes(body);
		if (this.options.signed() && signature != this.options.signature(body)) {
			out.add(new OriginalFrameError(DoraCodes.SIGNATURE_INVALID,
					"Signed check error! (the CRC-32 of body and salt does not match)", guid, false));
			return;
		}
		out.add(new OriginalFrame(guid, body));
	}

	/** The header guid if it has arrived, else the zero guid. */
	private String guid(ByteBuf in, int start) {
		int offset = OriginalProtocol.LENGTH_FIELD + this.options.signatureLength();
		if (in.readableBytes() < offset + OriginalProtocol.GUID_LENGTH
				|| in.getUnsignedInt(start) < this.options.headerLength()) {
			return OriginalProtocol.ZERO_GUID;
		}
		return in.toString(start + offset, OriginalProtocol.GUID_LENGTH, StandardCharsets.ISO_8859_1);
	}

	private boolean reserve(long frameLength) {
		if (this.reserved > 0) {
			return true;
		}
		if (!this.budget.tryReserve(frameLength)) {
			return false;
		}
		this.reserved = frameLength;
		return true;
	}

	private void releaseReservation() {
		if (this.reserved > 0) {
			this.budget.release(this.reserved);
			this.reserved = 0;
		}
	}

	private void discard(ByteBuf in) {
		int skip = (int) Math.min(this.bytesToDiscard, in.readableBytes());
		in.skipBytes(skip);
		this.bytesToDiscard -= skip;
	}

	private void fail(ByteBuf in, List<Object> out, OriginalFrameError error) {
		cancelFrameTimeout();
		releaseReservation();
		this.corrupted = true;
		in.skipBytes(in.readableBytes());
		out.add(error);
	}

	private void awaitRestOfFrame(ChannelHandlerContext ctx, ByteBuf in) {
		if (in.isReadable()) {
			startFrameTimeout(ctx);
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
		String guid = (this.bytesToDiscard > 0) ? this.skippedGuid
				: (pending.readableBytes() >= OriginalProtocol.LENGTH_FIELD) ? guid(pending, pending.readerIndex())
						: OriginalProtocol.ZERO_GUID;
		this.corrupted = true;
		releaseReservation();
		pending.skipBytes(pending.readableBytes());
		ctx.fireChannelRead(new OriginalFrameError(DoraCodes.FRAME_TRUNCATED,
				"packet length invalid: frame not completed within " + this.frameReadTimeoutMillis + " ms", guid,
				true));
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
