package io.dora.client;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import io.dora.DoraException;
import io.dora.client.connection.ConnectionClosedException;
import io.dora.client.connection.DoraConnection;
import io.dora.client.connection.DoraConnectionException;
import io.dora.client.connection.DoraConnectionSource;
import io.dora.client.connection.NotSentException;
import io.dora.client.connection.PendingCall;
import io.dora.client.connection.ReplyTimeoutException;
import io.dora.client.connection.TooManyPendingCallsException;
import io.dora.discovery.DoraEndpoint;
import io.dora.discovery.DoraLoadBalancer;
import io.dora.discovery.DoraServiceDiscovery;
import io.dora.protocol.ApiCall;
import io.dora.protocol.DoraBodyCodec;
import io.dora.protocol.DoraCodes;
import io.dora.protocol.DoraFrameWriter;
import io.dora.protocol.DoraProtocol;
import io.dora.protocol.DoraProtocolException;
import io.dora.protocol.Guid;
import io.dora.protocol.RequestEnvelope;
import io.dora.protocol.original.OriginalEnvelopes;
import io.dora.protocol.original.OriginalFrameWriter;
import io.dora.protocol.original.OriginalWireOptions;
import io.dora.protocol.original.PhpSerializer;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;

/**
 * Sends requests and retries them. One guid serves every attempt of a call. Where a retry goes depends on what
 * the failure proves:
 * <ul>
 * <li>the request never reached the provider (no connection, write failed, too many calls already waiting on the
 * connection), or the provider refused it unexecuted because it is shutting down (100015): another provider of the
 * group, if there is one, whatever the retry budget (each provider at most once per call), since nothing was
 * executed;</li>
 * <li>the provider was busy (100014): another provider of the group, using up a retry, so that an overloaded group
 * is not flooded with repeats;</li>
 * <li>the outcome is unknown (timeout, connection lost after the write): the same provider, which remembers the
 * guid and answers a repeat with the first execution's outcome instead of executing twice. Providers of groups that
 * speak the original PHP protocol cannot deduplicate, so such a call is not repeated: it fails.</li>
 * </ul>
 * Requests to original-protocol groups are written in that protocol; everything after the write is the same.
 */
public class DoraCaller {

	private final DoraConnectionSource connections;

	private final ProviderSelector selector;

	private final EndpointHealth health;

	private final DoraFrameWriter writer;

	private final OriginalProtocolGroups originalGroups;

	private final OriginalEnvelopes originalEnvelopes;

	/**
	 * A caller for providers that all speak Dora's protocol.
	 */
	public DoraCaller(DoraConnectionSource connections, DoraServiceDiscovery discovery, DoraLoadBalancer balancer,
			EndpointHealth health, DoraFrameWriter writer) {
		this(connections, discovery, balancer, health, writer, OriginalProtocolGroups.NONE);
	}

	/**
	 * @param connections gives the connection to a provider
	 * @param discovery the providers of each group
	 * @param balancer picks one of them
	 * @param health takes failing providers out of rotation for a while
	 * @param writer encodes (and signs, compresses) the requests
	 * @param originalGroups the groups whose providers speak the original PHP Dora RPC protocol
	 */
	public DoraCaller(DoraConnectionSource connections, DoraServiceDiscovery discovery, DoraLoadBalancer balancer,
			EndpointHealth health, DoraFrameWriter writer, OriginalProtocolGroups originalGroups) {
		this.connections = connections;
		this.selector = new ProviderSelector(discovery, balancer, health);
		this.health = health;
		this.writer = writer;
		this.originalGroups = originalGroups;
		this.originalEnvelopes = new OriginalEnvelopes(writer.codec().mapper());
	}

	/** Sends a request; the future fails with a {@link DoraClientException} when no attempt got a reply. */
	CompletableFuture<CallOutcome> call(CallSpec spec, Guid guid) {
		RequestEnvelope<Object> body = new RequestEnvelope<>(guid.toString(), spec.mode().typeString(spec.multi()),
				castApi(spec), spec.meta());
		CompletableFuture<CallOutcome> outcome = new CompletableFuture<>();
		attempt(spec, guid, body, spec.retries(), new LinkedHashMap<>(), null, outcome);
		return outcome;
	}

	@SuppressWarnings({ "unchecked", "rawtypes" })
	private static Map<String, ApiCall<Object>> castApi(CallSpec spec) {
		return (Map) spec.api();
	}

	private void attempt(CallSpec spec, Guid guid, RequestEnvelope<Object> body, int retriesLeft,
			Map<DoraEndpoint, String> excluded, DoraEndpoint sticky, CompletableFuture<CallOutcome> outcome) {
		DoraEndpoint endpoint;
		OriginalWireOptions original = this.originalGroups.of(spec.target());
		try {
			endpoint = (sticky != null) ? sticky : this.selector.choose(spec.target(), excluded);
		}
		catch (RuntimeException ex) {
			outcome.completeExceptionally(asClientException(ex));
			return;
		}
		CompletableFuture<DoraConnection> connecting = this.connections.connection(endpoint, original);
		if (connecting.isDone() && !connecting.isCompletedExceptionally()) {
			// The usual case, an open connection: no stage to wait for it.
			send(spec, guid, body, retriesLeft, excluded, endpoint, original, connecting.join(), outcome);
			return;
		}
		connecting.whenComplete((connection, connectFailure) -> {
			if (connectFailure != null) {
				onFailure(spec, guid, body, retriesLeft, excluded, endpoint, unwrap(connectFailure), outcome);
				return;
			}
			send(spec, guid, body, retriesLeft, excluded, endpoint, original, connection, outcome);
		});
	}

	private void send(CallSpec spec, Guid guid, RequestEnvelope<Object> body, int retriesLeft,
			Map<DoraEndpoint, String> excluded, DoraEndpoint endpoint, OriginalWireOptions original,
			DoraConnection connection, CompletableFuture<CallOutcome> outcome) {
		ByteBuf frame;
		try {
			// Encoded once the connection is known: it says which body codec its provider reads.
			frame = (original != null) ? originalFrame(original, guid, body)
					: doraFrame(spec, guid, body, endpoint, connection.requestCodec());
		}
		catch (RuntimeException ex) {
			outcome.completeExceptionally(asClientException(ex));
			return;
		}
		PendingCall call = connection.send(guid, spec.mode(), frame, spec.timeout().toMillis());
		call.reply().whenComplete((reply, failure) -> {
			if (failure != null) {
				onFailure(spec, guid, body, retriesLeft, excluded, endpoint, unwrap(failure), outcome);
				return;
			}
			this.health.success(endpoint);
			int code = reply.code();
			if (code == DoraCodes.SHUTTING_DOWN) {
				connection.retire();
			}
			if ((code == DoraCodes.SERVER_BUSY && retriesLeft > 0) || code == DoraCodes.SHUTTING_DOWN) {
				excluded.put(endpoint, (code == DoraCodes.SERVER_BUSY) ? "was busy" : "is shutting down");
				if (hasAlternative(spec, excluded)) {
					// A provider that is shutting down executed nothing: failing over is safe and free.
					int left = (code == DoraCodes.SHUTTING_DOWN) ? retriesLeft : retriesLeft - 1;
					attempt(spec, guid, body, left, excluded, null, outcome);
					return;
				}
			}
			outcome.complete(new CallOutcome(guid, reply, call.result()));
		});
	}

	private ByteBuf doraFrame(CallSpec spec, Guid guid, RequestEnvelope<Object> body, DoraEndpoint endpoint,
			DoraBodyCodec bodyCodec) {
		int flags = (spec.retries() > 0) ? DoraProtocol.FLAG_DEDUPLICATE : 0;
		// The audience is text made for each call: only a writer that signs reads it.
		String audience = this.writer.signsRequests() ? audience(spec.target(), endpoint) : null;
		return this.writer.write(PooledByteBufAllocator.DEFAULT, bodyCodec, spec.mode().messageType(), flags, guid,
				(int) Math.min(Integer.MAX_VALUE, spec.timeout().toMillis()), body, audience);
	}

	/** The request as the original PHP client writes it: {@code api, guid, type}, the guid as 32 hex characters. */
	private ByteBuf originalFrame(OriginalWireOptions options, Guid guid, RequestEnvelope<Object> body) {
		byte[] serialized = PhpSerializer.serialize(this.originalEnvelopes.request(body.guid(), body.type(), body.api()));
		return new OriginalFrameWriter(options, this.writer.maxFrameLength()).write(PooledByteBufAllocator.DEFAULT,
				guid.toString(), serialized);
	}

	/**
	 * Who the request is signed for: the group it is sent to, so that no provider outside the group runs it, or,
	 * for a call to a fixed address, that address.
	 */
	static String audience(DoraTarget target, DoraEndpoint endpoint) {
		return (target.group() != null) ? target.group() : endpoint.toString();
	}

	private void onFailure(CallSpec spec, Guid guid, RequestEnvelope<Object> body, int retriesLeft,
			Map<DoraEndpoint, String> excluded, DoraEndpoint endpoint, Throwable failure,
			CompletableFuture<CallOutcome> outcome) {
		if (failure instanceof TooManyPendingCallsException) {
			// A full connection says nothing about the provider's health: go elsewhere, or fail with 100024.
			excluded.put(endpoint, "has too many calls pending");
			if (hasAlternative(spec, excluded)) {
				attempt(spec, guid, body, retriesLeft, excluded, null, outcome);
			}
			else {
				outcome.completeExceptionally(asClientException(failure));
			}
			return;
		}
		boolean notSent = failure instanceof NotSentException
				|| (failure instanceof ConnectionClosedException closed && !closed.wasWritten());
		if (notSent || failure instanceof ReplyTimeoutException) {
			this.health.failure(endpoint, NotSentException.describe(failure));
		}
		if (notSent) {
			String reason = (failure instanceof NotSentException unsent) ? unsent.getReason()
					: NotSentException.describe(failure);
			excluded.put(endpoint, "unreachable (" + reason + ")");
			if (hasAlternative(spec, excluded)) {
				// The request never left: another provider of the group may take it without using up a retry.
				// Each provider is tried at most once per call, so this ends.
				attempt(spec, guid, body, retriesLeft, excluded, null, outcome);
				return;
			}
			outcome.completeExceptionally(asClientException(failure));
			return;
		}
		if (retriesLeft <= 0 || this.originalGroups.of(spec.target()) != null) {
			outcome.completeExceptionally(asClientException(failure));
			return;
		}
		// The provider may have executed it: ask the same one again, it deduplicates by guid.
		attempt(spec, guid, body, retriesLeft - 1, excluded, endpoint, outcome);
	}

	private boolean hasAlternative(CallSpec spec, Map<DoraEndpoint, String> excluded) {
		return this.selector.hasCandidate(spec.target(), excluded);
	}

	private static Throwable unwrap(Throwable failure) {
		return (failure instanceof CompletionException && failure.getCause() != null) ? failure.getCause() : failure;
	}

	/** The {@link DoraException} a failed future carries, unwrapped, as callers of the API see it. */
	static DoraException asDoraException(Throwable failure) {
		Throwable cause = unwrap(failure);
		return (cause instanceof DoraException dora && !(cause instanceof DoraConnectionException)) ? dora
				: asClientException(cause);
	}

	/**
	 * The {@link DoraClientException} for a failure: a connection's failure keeps its code and message (a timeout
	 * becomes a {@link DoraTimeoutException}), anything else means no provider could be reached.
	 */
	static DoraClientException asClientException(Throwable failure) {
		Throwable cause = unwrap(failure);
		if (cause instanceof DoraClientException client) {
			return client;
		}
		if (cause instanceof ReplyTimeoutException timeout) {
			return new DoraTimeoutException(timeout.getMessage(), timeout);
		}
		if (cause instanceof DoraConnectionException connection) {
			return new DoraClientException(connection.getCode(), connection.getMessage(), connection);
		}
		if (cause instanceof DoraProtocolException protocol) {
			return new DoraClientException(protocol.code(), protocol.getMessage(), protocol);
		}
		return new DoraClientException(DoraCodes.NO_PROVIDER, NotSentException.describe(cause), cause);
	}

}
