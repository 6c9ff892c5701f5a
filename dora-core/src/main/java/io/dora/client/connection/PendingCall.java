package io.dora.client.connection;

import java.util.concurrent.CompletableFuture;

import io.dora.protocol.CallMode;
import io.dora.protocol.Guid;
import io.netty.util.Timeout;

/**
 * A request written (or about to be written) on a connection and not yet answered. Mode 2 calls stay pending after
 * their acknowledgement until the pushed result arrives.
 */
public final class PendingCall {

	private final Guid guid;

	private final CallMode mode;

	private final CompletableFuture<InboundReply> reply = new CompletableFuture<>();

	private final CompletableFuture<InboundReply> result;

	private volatile Timeout timeout;

	private volatile boolean written;

	PendingCall(Guid guid, CallMode mode) {
		this.guid = guid;
		this.mode = mode;
		this.result = (mode == CallMode.ASYNC_RESULT) ? new CompletableFuture<>() : null;
	}

	/** A call that was refused before it was registered or sent. */
	static PendingCall refused(Guid guid, CallMode mode, Throwable failure) {
		PendingCall call = new PendingCall(guid, mode);
		call.fail(failure);
		return call;
	}

	public Guid guid() {
		return this.guid;
	}

	public CallMode mode() {
		return this.mode;
	}

	/** The reply to the request: result (mode 0), acknowledgement or error. */
	public CompletableFuture<InboundReply> reply() {
		return this.reply;
	}

	/** Mode 2 only: the result pushed later; {@code null} for other modes. */
	public CompletableFuture<InboundReply> result() {
		return this.result;
	}

	/** Whether the request's bytes were handed to the socket; calls never sent may safely go elsewhere. */
	public boolean wasWritten() {
		return this.written;
	}

	void written() {
		this.written = true;
	}

	void timeout(Timeout timeout) {
		this.timeout = timeout;
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

	@Override
	public String toString() {
		return "PendingCall[" + this.guid + ", mode " + this.mode + "]";
	}

}
