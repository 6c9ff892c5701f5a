package io.dora.handler;

import io.dora.protocol.ResponseEnvelope;

/**
 * Where the dispatcher sends what a call produces. Each transport supplies its own; calls may be answered from
 * any thread.
 */
public interface DoraReplySink {

	/** Sends the reply to the request: its result, acknowledgement or error. Called at most once per request. */
	void reply(ResponseEnvelope<?> response);

	/**
	 * Acknowledges a mode 1 or 2 request (100001): its work was admitted and will run. Called instead of
	 * {@link #reply} with {@link ResponseEnvelope#accepted(String)}, which is what it sends unless the transport has a
	 * cheaper way to write the same reply.
	 */
	default void acknowledge(String guid) {
		reply(ResponseEnvelope.accepted(guid));
	}

	/**
	 * Pushes the result of a mode-2 call after its acknowledgement.
	 * @return whether the result could be handed to the transport
	 */
	default boolean push(ResponseEnvelope<?> result) {
		throw new UnsupportedOperationException("This transport cannot push results");
	}

	/** {@code "tcp"}, {@code "http"}, or {@code "original"} for the original PHP protocol. */
	String transport();

	/** The caller's address as the transport sees it. */
	String remoteAddress();

}
