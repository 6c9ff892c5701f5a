package io.dora.protocol.original;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code getStat} answer in the original's shape, {@code {server, logqueue}}: {@code server} holds Dora's
 * figures under the names Swoole's {@code stats()} used where there is an equivalent ({@code start_time},
 * {@code connection_num}, {@code accept_count}, {@code close_count}, {@code tasking_num}, {@code request_count})
 * and Dora's other figures under their own names; {@code logqueue} is always empty, as Dora has no log queue.
 */
public final class OriginalStats {

	private OriginalStats() {
	}

	/**
	 * Reshapes Dora's {@code getStat} data ({@code {server, apis}}).
	 * @param doraStats the figures as Dora's own protocol reports them
	 */
	public static Map<String, Object> of(Map<?, ?> doraStats) {
		Map<String, Object> server = new LinkedHashMap<>();
		if (doraStats.get("server") instanceof Map<?, ?> figures) {
			figures.forEach((name, value) -> server.put(String.valueOf(name), value));
			if (figures.get("accept_count") instanceof Number accepted
					&& figures.get("connection_num") instanceof Number open) {
				server.put("close_count", accepted.longValue() - open.longValue());
			}
			server.put("tasking_num", figures.get("in_flight"));
		}
		Map<String, Object> logQueue = new LinkedHashMap<>();
		logQueue.put("queue_num", 0);
		logQueue.put("queue_bytes", 0);
		Map<String, Object> stats = new LinkedHashMap<>();
		stats.put("server", server);
		stats.put("logqueue", logQueue);
		stats.put("apis", doraStats.get("apis"));
		return stats;
	}

}
