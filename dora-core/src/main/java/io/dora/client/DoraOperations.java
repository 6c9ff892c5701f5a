package io.dora.client;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import io.dora.DoraException;
import io.dora.protocol.ApiCall;

import org.springframework.core.ParameterizedTypeReference;

/**
 * Calls Dora APIs in every mode of the original Dora RPC. Implemented by {@link DoraTemplate}.
 * <p>
 * Typed methods return the API's data and throw a {@link DoraException} carrying the code when the call fails at
 * any level. Methods named {@code exchange} return the raw {@link DoraResponse} with both levels of codes and
 * never throw for remote or transport failures. A view for another group, a fixed address, a timeout or a retry
 * count is made with the {@code with...} methods.
 */
public interface DoraOperations {

	/** Mode 0: calls an API and waits for its data. */
	<T> T call(String api, Object param, Class<T> resultType);

	/** Mode 0 with a generic result type, such as {@code List<User>}. */
	<T> T call(String api, Object param, ParameterizedTypeReference<T> resultType);

	/** Mode 0 without blocking: the future completes with the data or a {@link DoraException}. */
	<T> CompletableFuture<T> callAsync(String api, Object param, Class<T> resultType);

	/** Mode 0 without blocking, with a generic result type. */
	<T> CompletableFuture<T> callAsync(String api, Object param, ParameterizedTypeReference<T> resultType);

	/** Mode 0, raw: both levels of codes; client-side failures (100009, 100010, 100012) in the outer code. */
	DoraResponse exchange(String api, Object param);

	/**
	 * Mode 0 multi-API call, raw: the entries run concurrently on the provider; the reply holds each entry's
	 * result under the caller's key. Entries not finished shortly before the timeout (10 % of it, at least
	 * 200 ms) come back with 100017 while the others keep their data.
	 */
	DoraResponse exchangeMulti(Map<String, ApiCall<?>> apis);

	/** A typed, fluent multi-API call: add entries by key, then execute, send or submit. */
	DoraMultiCall multi();

	/**
	 * Mode 1: fire-and-forget. Returns once the provider acknowledged (100001) that it accepted the work; throws if
	 * it could not accept it (100014 busy, 100015 shutting down) or could not be reached.
	 */
	void send(String api, Object param);

	/** Mode 1 for several APIs in one request. */
	void sendMulti(Map<String, ApiCall<?>> apis);

	/**
	 * Mode 1, pipelined: returns at once; the future completes when the provider acknowledged (100001) the call, or
	 * exceptionally with a {@link DoraException} carrying the code of the refusal or failure. Calls awaiting their
	 * acknowledgement are bounded by {@code dora.client.pipeline.window}: when it is full this method waits up to
	 * {@code dora.client.pipeline.window-wait} for a place, then the future fails with 100024 and nothing is sent.
	 * Timeouts, retries and failover are those of {@link #send(String, Object)}. Do not call it on a Netty event
	 * loop thread (in a callback of another call's future, say): waiting there for a place would hold up the
	 * acknowledgements that free one, until the wait ends with 100024.
	 */
	CompletableFuture<DoraAck> sendAsync(String api, Object param);

	/** Mode 1, pipelined, for several APIs in one request. */
	CompletableFuture<DoraAck> sendMultiAsync(Map<String, ApiCall<?>> apis);

	/**
	 * Mode 2: the provider acknowledges at once and pushes the result later. The handle's future completes with it;
	 * {@link #collectAsyncResults(Duration)} also returns it.
	 * @throws DoraException if the provider did not accept the call
	 */
	<T> DoraAsyncCall<T> submit(String api, Object param, Class<T> resultType);

	/** Mode 2 with a generic result type, such as {@code List<User>}. */
	<T> DoraAsyncCall<T> submit(String api, Object param, ParameterizedTypeReference<T> resultType);

	/** Mode 2 for several APIs; the pushed result holds every entry's result by key. */
	DoraAsyncCall<DoraResponse> submitMulti(Map<String, ApiCall<?>> apis);

	/**
	 * Mode 2, pipelined: returns the handle at once. Its {@link DoraAsyncCall#acknowledged()} completes when the
	 * provider accepted the call, its {@link DoraAsyncCall#future()} with the result; the call is tracked for
	 * {@link #collectAsyncResults(Duration)} from the start, so a refused call is collected with its code. The
	 * pipeline window applies as for {@link #sendAsync(String, Object)}.
	 */
	<T> DoraAsyncCall<T> submitAsync(String api, Object param, Class<T> resultType);

	/** Mode 2, pipelined, with a generic result type. */
	<T> DoraAsyncCall<T> submitAsync(String api, Object param, ParameterizedTypeReference<T> resultType);

	/** Mode 2, pipelined, for several APIs; the pushed result holds every entry's result by key. */
	DoraAsyncCall<DoraResponse> submitMultiAsync(Map<String, ApiCall<?>> apis);

	/**
	 * The original's {@code getAsyncData}: every submitted mode-2 call's result by guid, waiting up to {@code wait}
	 * for those not yet arrived. Returned results are removed; a result still missing is reported as 100009 and
	 * stays outstanding.
	 */
	Map<String, DoraResponse> collectAsyncResults(Duration wait);

	/** The original's {@code clearAsyncData}: forgets every outstanding mode-2 call and stored result. */
	void clearAsyncResults();

	/**
	 * Sends a control command ({@code getStat}, {@code reloadTask}) to the target; the result's data holds the
	 * command's answer. The provider must enable control commands.
	 */
	DoraResponse command(String name);

	/** A view of these operations that calls another group. */
	DoraOperations withGroup(String group);

	/** A view that calls one fixed provider, {@code host:port}, without discovery. */
	DoraOperations withAddress(String hostAndPort);

	/** A view with another timeout per attempt. */
	DoraOperations withTimeout(Duration timeout);

	/** A view with another number of retries. */
	DoraOperations withRetries(int retries);

	/**
	 * A view whose calls carry the caller's guid, 32 hex characters (either case), instead of a new random one;
	 * the provider sees it as {@code DoraCallContext.guid()} and in its logs. Retries of a call reuse its guid as
	 * always. The guid names one call: a call whose guid is still waiting for its reply on the same connection
	 * fails with 100008, and mode-2 results are collected by guid, so give each call its own.
	 * @throws IllegalArgumentException if {@code guid} is not a guid
	 */
	DoraOperations withGuid(String guid);

}
