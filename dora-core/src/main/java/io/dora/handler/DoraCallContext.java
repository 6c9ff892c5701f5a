package io.dora.handler;

import java.time.Duration;
import java.util.Map;

import io.dora.protocol.CallMode;

/**
 * What a handler may want to know about the call it is serving.
 *
 * @param apiName the exact name that was called, such as {@code /module_a/abc42}
 * @param mapping the path or pattern of the handler that matched
 * @param pathVariables variables captured by a pattern such as {@code /user/{id}}; empty for exact paths
 * @param guid the call's guid, 32 hex characters
 * @param key the caller's key for this entry of a multi-API call ({@code "one"} for single calls)
 * @param mode the call mode
 * @param transport {@code "tcp"}, {@code "http"}, or {@code "original"} for the original PHP protocol
 * @param remoteAddress the caller's address as the transport sees it
 * @param meta string attributes sent with the call
 * @param deadlineNanos {@link System#nanoTime()} by which the caller stops waiting; {@code 0} when unbounded
 */
public record DoraCallContext(String apiName, String mapping, Map<String, String> pathVariables, String guid,
		String key, CallMode mode, String transport, String remoteAddress, Map<String, String> meta,
		long deadlineNanos) {

	/** Time left before the caller gives up, or {@code null} when the caller set no deadline. */
	public Duration remaining() {
		return (this.deadlineNanos != 0) ? Duration.ofNanos(this.deadlineNanos - System.nanoTime()) : null;
	}

}
