package io.dora.client;

import java.time.Duration;

/**
 * How the client connects and waits.
 *
 * @param connectTimeout time to establish a TCP connection
 * @param timeout default time to wait for a reply
 * @param retries default number of retries after a failed attempt
 * @param heartbeatInterval a connection that received nothing for this long is probed with a ping; after two
 * unanswered pings it is closed as dead
 * @param ioThreads Netty I/O threads; 0 picks Netty's default
 * @param connectionsPerEndpoint long-lived connections kept to each provider; calls are spread over them
 * @param maxFrameLength largest body sent or accepted, in bytes
 * @param asyncResultTimeout time to wait for a mode-2 result after its acknowledgement
 * @param asyncMaxResults largest number of arrived, uncollected mode-2 results kept
 * @param asyncMaxAge arrived mode-2 results not collected within this time are evicted
 * @param maxPendingCalls calls waiting for a reply or a pushed result on one connection; more are refused unsent
 */
public record DoraClientSettings(Duration connectTimeout, Duration timeout, int retries, Duration heartbeatInterval,
		int ioThreads, int connectionsPerEndpoint, int maxFrameLength,
		Duration asyncResultTimeout, int asyncMaxResults, Duration asyncMaxAge, int maxPendingCalls) {

}
