package io.dora.security;

import javax.net.ssl.SSLPeerUnverifiedException;

import io.netty.channel.Channel;
import io.netty.handler.ssl.SslHandler;

/**
 * What TLS says about the peer of a connection.
 */
public final class TlsPeer {

	private TlsPeer() {
	}

	/** Whether the peer presented a client certificate that the TLS handshake verified. */
	public static boolean hasClientCertificate(Channel channel) {
		SslHandler ssl = channel.pipeline().get(SslHandler.class);
		if (ssl == null) {
			return false;
		}
		try {
			return ssl.engine().getSession().getPeerCertificates().length > 0;
		}
		catch (SSLPeerUnverifiedException ex) {
			return false;
		}
	}

}
