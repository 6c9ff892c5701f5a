package io.dora.handler;

import io.dora.protocol.CallMode;
import io.dora.protocol.Guid;
import io.dora.protocol.RequestEnvelope;

import tools.jackson.databind.JsonNode;

/**
 * A request as a transport hands it to the {@link DoraDispatcher}: what the transport's framing says, and the body
 * still to be decoded, which the dispatcher does before admitting it.
 *
 * @param guid the guid the transport carries (the TCP header), or {@code null} when the body's guid is the only
 * one (HTTP); a transport without one must make sure the body carries a guid
 * @param mode the call mode the transport asks for
 * @param flags protocol flags, see {@link io.dora.protocol.DoraProtocol}
 * @param timeoutMillis the caller's time budget; 0 when none
 * @param receivedNanos {@link System#nanoTime()} when the request arrived
 * @param body decodes the request body
 * @param authenticated whether the transport proved who the caller is (a verified signature or a TLS client
 * certificate); control commands require it
 */
public record DoraInbound(Guid guid, CallMode mode, int flags, int timeoutMillis, long receivedNanos,
		BodyDecoder body, boolean authenticated) {

	/** A request from a caller the transport did not authenticate. */
	public DoraInbound(Guid guid, CallMode mode, int flags, int timeoutMillis, long receivedNanos, BodyDecoder body) {
		this(guid, mode, flags, timeoutMillis, receivedNanos, body, false);
	}

	/** Decodes a request body; may throw {@link io.dora.protocol.DoraProtocolException}. */
	@FunctionalInterface
	public interface BodyDecoder {

		RequestEnvelope<JsonNode> decode();

	}

	/** {@link System#nanoTime()} by which the caller stops waiting, or 0 when it set no timeout. */
	public long deadlineNanos() {
		return (this.timeoutMillis > 0) ? this.receivedNanos + this.timeoutMillis * 1_000_000L : 0;
	}

}
