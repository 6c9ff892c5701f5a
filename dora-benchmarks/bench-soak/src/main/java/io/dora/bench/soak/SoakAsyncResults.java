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

	void expect(String guid, long id) {
		this.expected.put(guid, id);
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
			Long id = this.expected.remove(entry.getKey());
			User user = (response.isOk() && response.getResult() != null && response.getResult().isOk())
					? response.getResult().dataAs(User.class) : null;
			if (id == null || user == null || user.getId() != id) {
				this.wrong.increment();
			}
			else {
				this.collected.increment();
			}
		}
	}

	long collected() {
		return this.collected.sum();
	}

	long wrong() {
		return this.wrong.sum();
	}

	/** Calls whose results have not been collected. */
	int outstanding() {
		return this.expected.size();
	}

}
