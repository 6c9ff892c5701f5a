package io.dora.protocol;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The bytes that request bodies still arriving may hold, all connections of a server together, TCP and HTTP. A TCP
 * frame is accounted at its full length as soon as it does not arrive in one piece, and until it is complete or
 * dropped; an HTTP body at its declared length (or as it grows, when its length is not declared) from before its
 * first byte is read until its request is answered. Without such a bound, peers that each start a body of the
 * maximum length and never finish it make the server hold connections times that length for as long as the read
 * timeout.
 */
public final class FrameBufferBudget {

	/** No limit, for peers that trust the other side (the client). */
	public static final FrameBufferBudget UNLIMITED = new FrameBufferBudget(Long.MAX_VALUE);

	private final long limit;

	private final AtomicLong reserved = new AtomicLong();

	/**
	 * @param limit the most bytes held at once
	 */
	public FrameBufferBudget(long limit) {
		if (limit < 0) {
			throw new IllegalArgumentException("limit must not be negative");
		}
		this.limit = limit;
	}

	/** Accounts for {@code bytes} if they fit, else for nothing. */
	public boolean tryReserve(long bytes) {
		if (this.limit == Long.MAX_VALUE) {
			return true;
		}
		while (true) {
			long current = this.reserved.get();
			if (current + bytes > this.limit) {
				return false;
			}
			if (this.reserved.compareAndSet(current, current + bytes)) {
				return true;
			}
		}
	}

	/** Gives back what {@link #tryReserve(long)} accounted for. */
	public void release(long bytes) {
		if (this.limit != Long.MAX_VALUE) {
			this.reserved.addAndGet(-bytes);
		}
	}

	/** Bytes accounted now. */
	public long reserved() {
		return this.reserved.get();
	}

	public long limit() {
		return this.limit;
	}

}
