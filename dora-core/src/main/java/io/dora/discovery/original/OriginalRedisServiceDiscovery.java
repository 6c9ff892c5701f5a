package io.dora.discovery.original;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

import io.dora.discovery.DoraEndpoint;
import io.dora.discovery.DoraGroupView;
import io.dora.discovery.DoraInstance;
import io.dora.discovery.DoraServiceDiscovery;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.context.SmartLifecycle;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;

/**
 * Finds the providers of groups that speak the original protocol where the original PHP providers announce
 * themselves, reading the original's Redis keys as the original Monitor does: the members of
 * {@code dora.serverlist}, kept only while their {@code dora.servertime.<ip>.<port>.time} is at most 20 seconds old.
 * The view is refreshed in the background and answered from memory; while Redis cannot be read the last view is
 * kept. Members that are not provider records are skipped.
 */
public class OriginalRedisServiceDiscovery implements DoraServiceDiscovery, SmartLifecycle {

	private static final Log logger = LogFactory.getLog(OriginalRedisServiceDiscovery.class);

	private static final String SOURCE = "redis (the original's dora.serverlist)";

	/** Most members read; the original's set has one per provider. */
	private static final int MAX_MEMBERS = 10_000;

	private final StringRedisTemplate redis;

	private final OriginalServerList serverList;

	private final Set<String> groups;

	private final Duration refreshInterval;

	private final LongSupplier epochSeconds;

	private volatile Map<String, DoraGroupView> views = Map.of();

	private volatile ScheduledThreadPoolExecutor executor;

	private volatile boolean failing;

	/**
	 * @param redis the application's Redis
	 * @param serverList the records' format
	 * @param groups the groups to find there
	 * @param refreshInterval time between two reads
	 * @param epochSeconds the current Unix time
	 */
	public OriginalRedisServiceDiscovery(StringRedisTemplate redis, OriginalServerList serverList, Set<String> groups,
			Duration refreshInterval, LongSupplier epochSeconds) {
		this.redis = redis;
		this.serverList = serverList;
		this.groups = Set.copyOf(groups);
		this.refreshInterval = refreshInterval;
		this.epochSeconds = epochSeconds;
	}

	@Override
	public DoraGroupView view(String group) {
		DoraGroupView view = this.views.get(group);
		return (view != null) ? view : DoraGroupView.empty(group, SOURCE);
	}

	@Override
	public Set<String> knownGroups() {
		return this.groups;
	}

	/** Reads the original's keys now. */
	public void refresh() {
		try {
			Set<String> members = this.redis.opsForSet().members(OriginalServerList.SERVER_LIST_KEY);
			List<OriginalServerList.Node> nodes = new ArrayList<>();
			if (members != null) {
				for (String member : members) {
					OriginalServerList.Node node = this.serverList.parse(member);
					if (node != null && node.groups().stream().anyMatch(this.groups::contains)) {
						nodes.add(node);
					}
					if (nodes.size() >= MAX_MEMBERS) {
						break;
					}
				}
			}
			List<String> times = nodes.isEmpty() ? List.of()
					: this.redis.opsForValue()
						.multiGet(nodes.stream().map((node) -> OriginalServerList.timeKey(node.endpoint())).toList());
			Map<String, List<DoraInstance>> instances = new LinkedHashMap<>();
			this.groups.forEach((group) -> instances.put(group, new ArrayList<>()));
			long now = this.epochSeconds.getAsLong();
			for (int i = 0; i < nodes.size(); i++) {
				if (!isFresh((times != null) ? times.get(i) : null, now)) {
					continue;
				}
				DoraEndpoint endpoint = nodes.get(i).endpoint();
				for (String group : nodes.get(i).groups()) {
					List<DoraInstance> inGroup = instances.get(group);
					if (inGroup != null) {
						inGroup.add(DoraInstance.of(endpoint));
					}
				}
			}
			Map<String, DoraGroupView> fresh = new LinkedHashMap<>();
			instances.forEach((group, list) -> fresh.put(group, new DoraGroupView(group, List.copyOf(list), SOURCE)));
			this.views = fresh;
			this.failing = false;
		}
		catch (RuntimeException ex) {
			if (!this.failing) {
				logger.warn("Cannot read the original's dora.serverlist from Redis; keeping the last view: "
						+ ex.getMessage());
				this.failing = true;
			}
		}
	}

	private static boolean isFresh(String time, long now) {
		if (time == null || !time.matches("[0-9]{1,12}")) {
			return false;
		}
		return now - Long.parseLong(time) <= OriginalServerList.MAX_AGE_SECONDS;
	}

	@Override
	public void start() {
		refresh();
		ScheduledThreadPoolExecutor refresher = new ScheduledThreadPoolExecutor(1,
				new CustomizableThreadFactory("dora-original-discovery-"));
		refresher.setRemoveOnCancelPolicy(true);
		refresher.scheduleWithFixedDelay(this::refresh, this.refreshInterval.toMillis(),
				this.refreshInterval.toMillis(), TimeUnit.MILLISECONDS);
		this.executor = refresher;
	}

	@Override
	public void stop() {
		ScheduledThreadPoolExecutor current = this.executor;
		if (current != null) {
			current.shutdownNow();
			this.executor = null;
		}
	}

	@Override
	public boolean isRunning() {
		return this.executor != null;
	}

}
