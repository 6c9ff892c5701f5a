package io.dora.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToByteEncoder;

/**
 * Writes {@link DoraFrame}s. Frames already encoded into one buffer by {@link DoraFrames} pass through the
 * pipeline as plain {@link ByteBuf}s and skip this encoder. Stateless and shared.
 */
@Sharable
public class DoraFrameEncoder extends MessageToByteEncoder<DoraFrame> {

	public static final DoraFrameEncoder INSTANCE = new DoraFrameEncoder();

	@Override
	protected void encode(ChannelHandlerContext ctx, DoraFrame frame, ByteBuf out) {
		frame.writeTo(out);
	}

	@Override
	protected ByteBuf allocateBuffer(ChannelHandlerContext ctx, DoraFrame frame, boolean preferDirect) {
		int size = DoraProtocol.HEADER_LENGTH + frame.extension().length + frame.content().readableBytes();
		return preferDirect ? ctx.alloc().ioBuffer(size) : ctx.alloc().heapBuffer(size);
	}

}
