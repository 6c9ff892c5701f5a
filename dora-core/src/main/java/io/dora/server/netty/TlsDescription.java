package io.dora.server.netty;

import java.util.Arrays;

import javax.net.ssl.SSLEngine;

import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.SslContext;
import io.netty.util.ReferenceCountUtil;

/**
 * The server's TLS as its start-up line shows it: the TLS versions an engine of the context enables (the SSL
 * bundle's {@code options.enabled-protocols}, or the JDK's defaults) and the client-authentication mode, e.g.
 * {@code tls TLSv1.2-TLSv1.3, client certificate required}.
 */
final class TlsDescription {

	private TlsDescription() {
	}

	static String of(SslContext context) {
		if (context == null) {
			return "tcp";
		}
		SSLEngine engine = context.newEngine(ByteBufAllocator.DEFAULT);
		try {
			String[] protocols = engine.getEnabledProtocols();
			Arrays.sort(protocols);
			String range = (protocols.length == 0) ? "no TLS version enabled"
					: (protocols.length == 1) ? protocols[0] : protocols[0] + "-" + protocols[protocols.length - 1];
			String clientAuth = engine.getNeedClientAuth() ? "client certificate required"
					: engine.getWantClientAuth() ? "client certificate requested" : "no client certificate";
			return "tls " + range + ", " + clientAuth;
		}
		finally {
			ReferenceCountUtil.release(engine);
		}
	}

}
