package io.dora.handler;

import java.util.Map;

import io.dora.protocol.CallMode;

/**
 * Facts shared by every entry of one request.
 *
 * @param guid the guid as 32 hex characters
 * @param mode the call mode
 * @param transport {@code "tcp"}, {@code "http"}, or {@code "original"} for the original PHP protocol
 * @param remoteAddress the caller's address
 * @param meta string attributes sent with the request
 * @param deadlineNanos {@link System#nanoTime()} by which the caller stops waiting; 0 when unbounded
 */
public record RequestInfo(String guid, CallMode mode, String transport, String remoteAddress,
		Map<String, String> meta, long deadlineNanos) {

}
