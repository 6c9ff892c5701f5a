package io.dora.server;

import java.net.InetSocketAddress;

/**
 * The TCP server could not start, typically because its port is already in use.
 */
public class DoraServerException extends RuntimeException {

	private final InetSocketAddress address;

	public DoraServerException(InetSocketAddress address, Throwable cause) {
		super("Dora server could not bind " + address.getHostString() + ":" + address.getPort() + ": "
				+ cause.getMessage(), cause);
		this.address = address;
	}

	public InetSocketAddress getAddress() {
		return this.address;
	}

}
