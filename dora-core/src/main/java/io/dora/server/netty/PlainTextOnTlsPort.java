package io.dora.server.netty;

import java.util.List;

import io.dora.protocol.DoraCodes;
import io.dora.protocol.DoraFrameWriter;
import io.dora.protocol.DoraProtocol;
import io.dora.protocol.Guid;
import io.dora.protocol.MessageType;
import io.dora.protocol.ResponseEnvelope;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.ssl.SslHandler;

/**
 * First in the pipeline of a TLS port: looks at the first bytes of a connection. TLS goes on to the
 * {@link SslHandler} and this handler leaves the pipeline. A plain Dora request is answered in plain text, as web
 * servers answer plain HTTP on an HTTPS port, with a 100019 reply for its guid that says the port speaks TLS only,
 * and the connection is closed; anything else is closed at once. Either way it is a refused handshake. It never
 * waits for more than a frame header (32 bytes).
 */
final class PlainTextOnTlsPort extends ByteToMessageDecoder {

	static final String MESSAGE = "this port accepts TLS only: configure the client's TLS (dora.client.ssl.bundle)";

	/** A TLS record header: content type, version, length. */
	private static final int TLS_RECORD_HEADER = 5;

	private final DoraFrameWriter writer;

	private final TlsRefusals refusals;

	PlainTextOnTlsPort(DoraFrameWriter writer, TlsRefusals refusals) {
		this.writer = writer;
		this.refusals = refusals;
	}

	@Override
	protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
		if (in.readableBytes() < TLS_RECORD_HEADER) {
			return;
		}
		if (SslHandler.isEncrypted(in, false)) {
			// Removing the decoder hands the bytes it holds on to the TLS handler.
			ctx.pipeline().remove(this);
			return;
		}
		boolean doraFrame = in.getUnsignedShort(in.readerIndex()) == DoraProtocol.MAGIC;
		if (doraFrame && in.readableBytes() < DoraProtocol.HEADER_LENGTH) {
			return;
		}
		this.refusals.refused(ctx.channel().remoteAddress(), "the client sent plain text to the TLS port"
				+ (doraFrame ? " (a Dora request: the client's TLS is not configured)" : ""));
		if (!doraFrame) {
			in.skipBytes(in.readableBytes());
			ctx.close();
			return;
		}
		Guid guid = Guid.read(in, in.readerIndex() + DoraProtocol.OFFSET_GUID);
		in.skipBytes(in.readableBytes());
		ResponseEnvelope<?> refusal = ResponseEnvelope.status(guid.toString(), DoraCodes.MALFORMED, MESSAGE);
		// Written from here, the first handler, the reply bypasses the TLS handler: the client reads plain text.
		ctx.writeAndFlush(this.writer.write(ctx.alloc(), MessageType.RESPONSE, 0, guid, 0, refusal))
			.addListener(ChannelFutureListener.CLOSE);
	}

}
