package io.dora.client.connection;

import java.time.Duration;

import io.dora.protocol.DoraProtocol;

/**
 * How the client connects to providers and how long calls may wait on a connection.
 *
 * @param connectTimeout time to establish a TCP connection
 * @param heartbeatInterval a connection that received nothing for this long is probed with a ping; after two
 * unanswered pings it is closed as dead
 * @param ioThreads Netty I/O threads; 0 picks Netty's default
 * @param connectionsPerEndpoint long-lived connections kept to each provider; calls are spread over them
 * @param maxFrameLength largest body sent or accepted, in bytes
 * @param asyncResultTimeout time to wait for a mode-2 result after its acknowledgement
 * @param maxPendingCalls calls waiting for a reply or a pushed result on one connection; more are refused unsent
 * @param bodyCodec the body codec id requests are written in once the provider proved it reads it (see
 * {@link DoraConnection}); {@link DoraProtocol#CODEC_JSON} needs no proof
 */
public record DoraConnectionSettings(Duration connectTimeout, Duration heartbeatInterval, int ioThreads,
		int connectionsPerEndpoint, int maxFrameLength, Duration asyncResultTimeout, int maxPendingCalls,
		int bodyCodec) {

	/** Settings for connections that write JSON. */
	public DoraConnectionSettings(Duration connectTimeout, Duration heartbeatInterval, int ioThreads,
			int connectionsPerEndpoint, int maxFrameLength, Duration asyncResultTimeout, int maxPendingCalls) {
		this(connectTimeout, heartbeatInterval, ioThreads, connectionsPerEndpoint, maxFrameLength, asyncResultTimeout,
				maxPendingCalls, DoraProtocol.CODEC_JSON);
	}

}
