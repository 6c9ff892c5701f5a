package io.dora.client;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.dora.DoraException;

/**
 * The handle of a mode-2 call: its acknowledgement by the provider, then its result. A handle from {@code submit}
 * comes back acknowledged; one from {@code submitAsync} comes back at once, and {@link #acknowledged()} completes
 * when the provider accepted (or refused) the call. Use {@link #future()} to compose, {@link #await(Duration)} to
 * wait for the result, or collect every outstanding result at once with
 * {@link DoraOperations#collectAsyncResults(Duration)}; a refused call's result there is its refusal's code.
 *
 * @param <T> the result type
 */
public final class DoraAsyncCall<T> {

	private final String guid;

	private final CompletableFuture<DoraAck> acknowledged;

	private final CompletableFuture<T> future;

	private final AsyncResultStore store;

	DoraAsyncCall(String guid, CompletableFuture<DoraAck> acknowledged, CompletableFuture<T> future,
			AsyncResultStore store) {
		this.guid = guid;
		this.acknowledged = acknowledged;
		this.future = future;
		this.store = store;
	}

	/** The call's guid, the key of its entry in {@link DoraOperations#collectAsyncResults(Duration)}. */
	public String getGuid() {
		return this.guid;
	}

	/**
	 * Completes when the provider accepted the call (100001), or exceptionally with a {@link DoraException}: the
	 * provider's refusal (100014 busy, 100015 shutting down), 100024 when the pipeline window stayed full, or the
	 * code of the transport's failure. A refused call's {@link #future()} fails with the same code.
	 */
	public CompletableFuture<DoraAck> acknowledged() {
		return this.acknowledged;
	}

	/**
	 * Completes with the result, or exceptionally with a {@link DoraException}: the provider's code, 100009 if it
	 * did not arrive in time, 100012 if the connection closed first.
	 */
	public CompletableFuture<T> future() {
		return this.future;
	}

	/**
	 * Waits for the result and takes it out of the collect-all store.
	 * @throws DoraException with the failure's code, or 100009 if nothing arrived within {@code timeout}
	 */
	public T await(Duration timeout) {
		try {
			T value = this.future.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
			this.store.remove(this.guid);
			return value;
		}
		catch (ExecutionException ex) {
			this.store.remove(this.guid);
			throw DoraCaller.asDoraException(ex.getCause());
		}
		catch (TimeoutException ex) {
			throw new DoraTimeoutException("async result " + this.guid + " did not arrive within " + timeout);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new DoraTimeoutException("interrupted while waiting for async result " + this.guid);
		}
	}

	@Override
	public String toString() {
		return "DoraAsyncCall[" + this.guid + (this.future.isDone() ? ", done]" : ", pending]");
	}

}
