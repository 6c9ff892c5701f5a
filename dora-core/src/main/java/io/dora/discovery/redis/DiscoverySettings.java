package io.dora.discovery.redis;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;

/**
 * How a consumer keeps its views of Redis groups.
 *
 * @param refreshInterval time between two full re-reads of every group in use
 * @param emptyConfirmation how long Redis must keep answering "no providers" for a group before a non-empty view is
 * emptied: longer than it takes live providers to reconnect to a restarted Redis and register again
 * @param initialLoadTimeout longest time the first call to a group waits for its first read
 * @param cacheFile file the views are kept in for a start without Redis, or {@code null}
 * @param preloadGroups groups to start reading at start-up, so that the first call finds them read (the client's
 * default group)
 */
public record DiscoverySettings(Duration refreshInterval, Duration emptyConfirmation, Duration initialLoadTimeout,
		Path cacheFile, Set<String> preloadGroups) {

	public DiscoverySettings(Duration refreshInterval, Duration emptyConfirmation, Duration initialLoadTimeout,
			Path cacheFile) {
		this(refreshInterval, emptyConfirmation, initialLoadTimeout, cacheFile, Set.of());
	}

}
