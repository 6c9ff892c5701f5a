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
 */
public record DoraServerSettings(String address, int port, int ioThreads, int maxFrameLength,
		Duration frameReadTimeout, Duration idleTimeout, int maxConnections) {

}
