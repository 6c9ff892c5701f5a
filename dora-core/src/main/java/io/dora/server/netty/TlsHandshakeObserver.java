package io.dora.server.netty;

import io.dora.netty.TlsFailures;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;

/**
 * Right after the TLS handler: a handshake that failed (no client certificate, one signed by a CA the server does
 * not trust, no version in common, an alert from the client, ...) is a refusal, counted and logged with the peer
 * and the reason.
 */
@Sharable
final class TlsHandshakeObserver extends ChannelInboundHandlerAdapter {

	private final TlsRefusals refusals;

	TlsHandshakeObserver(TlsRefusals refusals) {
		this.refusals = refusals;
	}

	@Override
	public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
		// A connection closed before its handshake ended (a TCP health check, a client that gave up, one this
		// server refused for plain text) is no handshake refused: only what the engine failed on while reading.
		if (event instanceof SslHandshakeCompletionEvent handshake && !handshake.isSuccess()
				&& ctx.channel().isActive()) {
			this.refusals.refused(ctx.channel().remoteAddress(), TlsFailures.seenByServer(handshake.cause()));
		}
		super.userEventTriggered(ctx, event);
	}

}
