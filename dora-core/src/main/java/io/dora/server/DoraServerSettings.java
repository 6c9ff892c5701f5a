package io.dora.server;

import java.time.Duration;

/**
 * How the TCP server listens and guards its connections.
 *
 * @param address the address to bind; {@code null} or empty binds every interface
 * @param port the port; 0 picks a free one
 * @param ioThreads Netty I/O threads; 0 picks Netty's default
 * @param maxFrameLength largest extension plus body of a frame, in bytes
 * @param frameReadTimeout time a started frame may take to arrive completely; zero disables the check
 * @param idleTimeout connections that send nothing (not even a heartbeat) for this long are closed; zero never
 * @param maxConnections connections beyond this number are closed as soon as they are accepted
 * @param maxBufferedBytes what frames still arriving may hold, all connections together; a frame beyond it is
 * answered 100014 and skipped
 */
public record DoraServerSettings(String address, int port, int ioThreads, int maxFrameLength,
		Duration frameReadTimeout, Duration idleTimeout, int maxConnections, long maxBufferedBytes) {

	/** Settings with the default {@link #defaultMaxBufferedBytes()}. */
	public DoraServerSettings(String address, int port, int ioThreads, int maxFrameLength, Duration frameReadTimeout,
			Duration idleTimeout, int maxConnections) {
		this(address, port, ioThreads, maxFrameLength, frameReadTimeout, idleTimeout, maxConnections,
				defaultMaxBufferedBytes());
	}

	/**
	 * A quarter of the maximum heap, which is also the JVM's default limit for the direct memory Netty receives
	 * into: frames that never finish cannot take the memory well-behaved calls need.
	 */
	public static long defaultMaxBufferedBytes() {
		return Runtime.getRuntime().maxMemory() / 4;
	}

}
