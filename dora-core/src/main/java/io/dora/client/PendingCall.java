package io.dora.client;

import java.util.concurrent.CompletableFuture;

import io.dora.protocol.CallMode;
import io.dora.protocol.Guid;
import io.netty.util.Timeout;

/**
 * A request written (or about to be written) on a connection and not yet answered. Mode 2 calls stay pending after
 * their acknowledgement until the pushed result arrives.
 */
final class PendingCall {

	final Guid guid;

	final CallMode mode;

	/** The reply to the request: result (mode 0), acknowledgement or error. */
	final CompletableFuture<InboundReply> reply = new CompletableFuture<>();

	/** Mode 2 only: the result pushed later. */
	final CompletableFuture<InboundReply> result;

	volatile Timeout timeout;

	/** Whether the request's bytes were handed to the socket; calls never sent may safely go elsewhere. */
	volatile boolean written;

	PendingCall(Guid guid, CallMode mode) {
		this.guid = guid;
		this.mode = mode;
		this.result = (mode == CallMode.ASYNC_RESULT) ? new CompletableFuture<>() : null;
	}

	void cancelTimeout() {
		Timeout current = this.timeout;
		if (current != null) {
			current.cancel();
		}
	}

	/** Fails whatever is still open. */
	void fail(Throwable failure) {
		cancelTimeout();
		this.reply.completeExceptionally(failure);
		if (this.result != null) {
			this.result.completeExceptionally(failure);
		}
	}

}
