package io.dora.client;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import io.dora.protocol.ApiCall;
import io.dora.protocol.CallMode;
import tools.jackson.databind.JavaType;

import org.springframework.core.ParameterizedTypeReference;

/**
 * Builds one multi-API request: entries are added by key, each with its own result type, and run concurrently on
 * the provider. Not thread-safe; make one per request.
 *
 * <pre class="code">
 * DoraMultiCall multi = dora.multi();
 * DoraMultiCall.Key&lt;User&gt; user = multi.add("user", "/user/get", 42, User.class);
 * DoraMultiCall.Key&lt;Order[]&gt; orders = multi.add("orders", "/order/list", 42, Order[].class);
 * DoraMultiResult result = multi.deadline(Duration.ofMillis(300)).execute();
 * User u = result.get(user);
 * </pre>
 */
public final class DoraMultiCall {

	private final DoraTemplate template;

	private final Map<String, ApiCall<?>> entries = new LinkedHashMap<>();

	private final Map<String, JavaType> types = new LinkedHashMap<>();

	private Duration deadline;

	DoraMultiCall(DoraTemplate template) {
		this.template = template;
	}

	/** Adds an entry whose data is read as {@code type}. */
	public <T> Key<T> add(String key, String api, Object param, Class<T> type) {
		return add(key, api, param, this.template.javaType(type));
	}

	/** Adds an entry whose data is read as a generic type. */
	public <T> Key<T> add(String key, String api, Object param, ParameterizedTypeReference<T> type) {
		return add(key, api, param, this.template.javaType(type));
	}

	/** Adds an entry whose data is read as plain Java values (maps, lists, ...). */
	public DoraMultiCall add(String key, String api, Object param) {
		add(key, api, param, this.template.javaType(Object.class));
		return this;
	}

	private <T> Key<T> add(String key, String api, Object param, JavaType type) {
		if (this.entries.putIfAbsent(key, new ApiCall<>(api, param)) != null) {
			throw new IllegalArgumentException("Key '" + key + "' was already added");
		}
		this.types.put(key, type);
		return new Key<>(key);
	}

	/**
	 * The overall time the call may take. The provider answers shortly before it (10 % of it, at least 200 ms)
	 * with every entry that finished; the rest come back with 100017. Defaults to the template's timeout.
	 */
	public DoraMultiCall deadline(Duration deadline) {
		this.deadline = deadline;
		return this;
	}

	/**
	 * Mode 0: runs the entries and waits.
	 * @throws io.dora.DoraException if the request as a whole failed (no provider, busy, timeout); failures of
	 * single entries are in the result
	 */
	public DoraMultiResult execute() {
		DoraResponse response = DoraTemplate.await(executeAsync());
		return new DoraMultiResult(response, this.types, this.template.decoder());
	}

	/** Mode 0 without blocking; the future holds the raw response, failures included in its code. */
	public CompletableFuture<DoraResponse> executeAsync() {
		return view().exchangeAsync(CallMode.SYNC, true, this.entries).thenApply((response) -> {
			if (!response.isOk()) {
				throw DoraMultiResult.failure(response);
			}
			return response;
		});
	}

	/** Mode 1: returns once the provider accepted every entry. */
	public void send() {
		view().sendMulti(this.entries);
	}

	/** Mode 1, pipelined: returns at once with the future of the acknowledgement. */
	public CompletableFuture<DoraAck> sendAsync() {
		return view().acknowledgedAsync(this.entries, true);
	}

	/** Mode 2: acknowledged now, results later through the handle or the collect-all call. */
	public DoraAsyncCall<DoraMultiResult> submit() {
		return view().submitted(true, this.entries, this::result);
	}

	/** Mode 2, pipelined: returns the handle at once; its acknowledgement and result complete later. */
	public DoraAsyncCall<DoraMultiResult> submitAsync() {
		return view().submittedAsync(true, this.entries, this::result);
	}

	private DoraMultiResult result(DoraResponse response) {
		return new DoraMultiResult(response, this.types, this.template.decoder());
	}

	private DoraTemplate view() {
		return (this.deadline != null) ? this.template.withTimeout(this.deadline) : this.template;
	}

	/**
	 * The typed key of an entry.
	 *
	 * @param <T> the entry's data type
	 * @param name the caller's key
	 */
	public record Key<T>(String name) {

	}

}
