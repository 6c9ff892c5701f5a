package io.dora.handler;

import java.lang.management.ManagementFactory;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * The provider's figures, reported by the {@code getStat} control command and the actuator. Counters are kept per
 * handler mapping (not per called name), so patterns serving endless names cannot grow them without bound.
 */
public class DoraServerStats {

	/** Bucket for calls to names no handler serves. */
	public static final String UNMAPPED = "(not found)";

	private final long startedAtMillis = System.currentTimeMillis();

	private final AtomicInteger openConnections = new AtomicInteger();

	private final LongAdder acceptedConnections = new LongAdder();

	private final LongAdder rejectedBusy = new LongAdder();

	private final LongAdder rejectedShuttingDown = new LongAdder();

	private final LongAdder protocolErrors = new LongAdder();

	private final Map<String, ApiCounters> apis = new ConcurrentHashMap<>();

	public void connectionOpened() {
		this.openConnections.incrementAndGet();
		this.acceptedConnections.increment();
	}

	public void connectionClosed() {
		this.openConnections.decrementAndGet();
	}

	public int openConnections() {
		return this.openConnections.get();
	}

	public void rejectedBusy() {
		this.rejectedBusy.increment();
	}

	public void rejectedShuttingDown() {
		this.rejectedShuttingDown.increment();
	}

	public void protocolError() {
		this.protocolErrors.increment();
	}

	/** Counts one finished API execution under its handler mapping. */
	public void recordCall(String mapping, boolean failed) {
		ApiCounters counters = this.apis.computeIfAbsent(mapping, (key) -> new ApiCounters());
		counters.calls.increment();
		if (failed) {
			counters.errors.increment();
		}
	}

	/**
	 * The figures as a map, in the shape {@code getStat} returns.
	 * @param inFlight API executions admitted and not finished
	 * @param queued executions waiting for a business thread
	 */
	public Map<String, Object> snapshot(int inFlight, int queued) {
		Map<String, Object> server = new LinkedHashMap<>();
		server.put("start_time", this.startedAtMillis / 1000);
		server.put("uptime_ms", System.currentTimeMillis() - this.startedAtMillis);
		server.put("connection_num", this.openConnections.get());
		server.put("accept_count", this.acceptedConnections.sum());
		server.put("in_flight", inFlight);
		server.put("queued", queued);
		server.put("rejected_busy", this.rejectedBusy.sum());
		server.put("rejected_shutting_down", this.rejectedShuttingDown.sum());
		server.put("protocol_errors", this.protocolErrors.sum());
		long total = 0;
		long errors = 0;
		Map<String, Object> perApi = new TreeMap<>();
		for (Map.Entry<String, ApiCounters> entry : this.apis.entrySet()) {
			long calls = entry.getValue().calls.sum();
			long failed = entry.getValue().errors.sum();
			total += calls;
			errors += failed;
			perApi.put(entry.getKey(), Map.of("calls", calls, "errors", failed));
		}
		server.put("request_count", total);
		server.put("error_count", errors);
		server.put("threads", ManagementFactory.getThreadMXBean().getThreadCount());
		Map<String, Object> result = new LinkedHashMap<>();
		result.put("server", server);
		result.put("apis", perApi);
		return result;
	}

	private static final class ApiCounters {

		private final LongAdder calls = new LongAdder();

		private final LongAdder errors = new LongAdder();

	}

}
