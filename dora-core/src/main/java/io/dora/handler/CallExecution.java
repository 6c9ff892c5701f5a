package io.dora.handler;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Consumer;

import io.dora.protocol.ApiResult;
import io.dora.protocol.DoraCodes;
import io.dora.protocol.ResponseEnvelope;

/**
 * Gathers the results of one request's entries into its reply. The reply is built once: when the last entry
 * finishes, or at the deadline with every unfinished entry marked {@link DoraCodes#DEADLINE_EXCEEDED}. Results
 * that arrive after that are dropped.
 */
final class CallExecution {

	private final String guid;

	private final List<String> keys;

	private final boolean multi;

	private final AtomicReferenceArray<ApiResult<?>> results;

	private final AtomicInteger remaining;

	private final AtomicBoolean finished = new AtomicBoolean();

	private final Consumer<ResponseEnvelope<?>> onFinish;

	private volatile ScheduledFuture<?> deadline;

	CallExecution(String guid, List<String> keys, boolean multi, Consumer<ResponseEnvelope<?>> onFinish) {
		this.guid = guid;
		this.keys = keys;
		this.multi = multi;
		this.results = new AtomicReferenceArray<>(keys.size());
		this.remaining = new AtomicInteger(keys.size());
		this.onFinish = onFinish;
	}

	void deadline(ScheduledFuture<?> deadline) {
		this.deadline = deadline;
		if (this.finished.get()) {
			deadline.cancel(false);
		}
	}

	void complete(int index, ApiResult<?> result) {
		this.results.set(index, result);
		if (this.remaining.decrementAndGet() == 0) {
			finish();
		}
	}

	/** Answers now with what has finished. */
	void deadlineReached() {
		finish();
	}

	private void finish() {
		if (!this.finished.compareAndSet(false, true)) {
			return;
		}
		ScheduledFuture<?> timer = this.deadline;
		if (timer != null) {
			timer.cancel(false);
		}
		Object data;
		if (this.multi) {
			Map<String, ApiResult<?>> byKey = new LinkedHashMap<>();
			for (int i = 0; i < this.keys.size(); i++) {
				byKey.put(this.keys.get(i), resultOrTimeout(i));
			}
			data = byKey;
		}
		else {
			data = resultOrTimeout(0);
		}
		this.onFinish.accept(ResponseEnvelope.ok(this.guid, data));
	}

	private ApiResult<?> resultOrTimeout(int index) {
		ApiResult<?> result = this.results.get(index);
		return (result != null) ? result : ApiResult.failure(this.guid, DoraCodes.DEADLINE_EXCEEDED,
				"not finished within the caller's deadline");
	}

}
