package io.dora.bench.soak;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

import io.dora.bench.core.User;
import io.dora.client.DoraOperations;
import io.dora.client.DoraResponse;
import io.dora.protocol.DoraCodes;

/**
 * Collects mode-2 results the original Dora's way, all at once and every so often, and checks that each is the
 * result of its own call.
 */
final class SoakAsyncResults {

	private final DoraOperations dora;

	private final Map<String, Long> expected = new ConcurrentHashMap<>();

	private final LongAdder collected = new LongAdder();

	private final LongAdder wrong = new LongAdder();

	SoakAsyncResults(DoraOperations dora) {
		this.dora = dora;
	}

	/**
	 * Results collected before their call was expected: {@code submit} returns once the call is acknowledged, and
	 * the result may be pushed and collected by the collecting thread before the caller gets to {@link #expect}.
	 */
	private final Map<String, DoraResponse> early = new ConcurrentHashMap<>();

	void expect(String guid, long id) {
		this.expected.put(guid, id);
		DoraResponse arrived = this.early.remove(guid);
		if (arrived != null) {
			check(guid, arrived);
		}
	}

	/**
	 * Collects what has arrived. Results not yet arrived are reported 100009 and stay outstanding; they are picked
	 * up by a later collection.
	 */
	void collect(Duration wait) {
		for (Map.Entry<String, DoraResponse> entry : this.dora.collectAsyncResults(wait).entrySet()) {
			DoraResponse response = entry.getValue();
			if (response.getCode() == DoraCodes.TIMEOUT) {
				continue;
			}
			if (!this.expected.containsKey(entry.getKey())) {
				this.early.put(entry.getKey(), response);
				// The caller may have registered it meanwhile.
				if (this.expected.containsKey(entry.getKey()) && this.early.remove(entry.getKey()) != null) {
					check(entry.getKey(), response);
				}
				continue;
			}
			check(entry.getKey(), response);
		}
	}

	private void check(String guid, DoraResponse response) {
		Long id = this.expected.remove(guid);
		if (id == null) {
			return;
		}
		User user = (response.isOk() && response.getResult() != null && response.getResult().isOk())
				? response.getResult().dataAs(User.class) : null;
		if (user == null || user.getId() != id) {
			this.wrong.increment();
		}
		else {
			this.collected.increment();
		}
	}

	long collected() {
		return this.collected.sum();
	}

	/** Results that were not their call's, and results of no call this soak made. */
	long wrong() {
		return this.wrong.sum() + this.early.size();
	}

	/** Calls whose results have not been collected. */
	int outstanding() {
		return this.expected.size();
	}

}
