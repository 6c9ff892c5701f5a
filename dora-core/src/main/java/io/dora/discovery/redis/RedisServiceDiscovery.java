package io.dora.discovery.redis;

import java.time.Duration;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;

import io.dora.discovery.DoraGroupView;
import io.dora.discovery.DoraGroupViewListener;
import io.dora.discovery.DoraInstance;
import io.dora.discovery.DoraServiceDiscovery;
import io.dora.discovery.redis.RedisRegistryOperations.GroupRead;
import io.dora.support.PhasedLifecycle;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.context.SmartLifecycle;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.format.annotation.DurationFormat;
import org.springframework.format.datetime.standard.DurationFormatterUtils;

/**
 * The consumer's view of the groups registered in Redis. The first use of a group reads it; after that every
 * answer comes from memory, kept current on the discovery's own thread by
 * <ul>
 * <li>change notifications on the group's channel (a re-read on every message and on every resubscription);</li>
 * <li>a re-read when the first record of the group would expire if it was not refreshed, so a provider that died
 * without deregistering leaves the view within the TTL;</li>
 * <li>a periodic full re-read, the safety net for lost notifications.</li>
 * </ul>
 * A Redis outage never empties a view: the last one read keeps serving, and its source says since when Redis is
 * unreachable. Nor does a Redis that suddenly answers "no providers" (restarted without its data): the view is
 * kept until the group has read empty for a grace period, long enough for live providers to reconnect and register
 * again (unless all it held were draining: those announced they were leaving).
 * With a cache file, views read from Redis are saved, and a consumer that starts while Redis is down serves from
 * them.
 */
public class RedisServiceDiscovery extends PhasedLifecycle implements DoraServiceDiscovery, AutoCloseable {

	/**
	 * Stopped after the client's connections (so calls made while the application shuts down still find their
	 * providers) and before the Redis connection factory (phase 0).
	 */
	public static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 4096;

	private static final Log logger = LogFactory.getLog(RedisServiceDiscovery.class);

	private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS");

	/** Re-read this long after the first record of a group would expire, so that Redis has deleted it. */
	private static final long EXPIRY_SLACK_MILLIS = 20;

	private final RedisRegistryOperations operations;

	private final DiscoverySettings settings;

	private final RegistryChangeSubscriber subscriber;

	private final GroupViewCacheFile cacheFile;

	private final Map<String, GroupState> groups = new ConcurrentHashMap<>();

	private final List<DoraGroupViewListener> listeners = new CopyOnWriteArrayList<>();

	private final ScheduledThreadPoolExecutor executor;

	private volatile GroupViewCacheFile.Content cached;

	private volatile boolean cacheLoaded;

	public RedisServiceDiscovery(RedisRegistryOperations operations, RedisConnectionFactory connectionFactory,
			DiscoverySettings settings) {
		// Usable before the context starts it: a view can be read any time.
		super(PHASE, true);
		this.operations = operations;
		this.settings = settings;
		this.subscriber = new RegistryChangeSubscriber(connectionFactory, operations.keys(), this::requestRead);
		this.cacheFile = (settings.cacheFile() != null)
				? new GroupViewCacheFile(settings.cacheFile(), operations.codec()) : null;
		this.executor = new ScheduledThreadPoolExecutor(1, RedisRegistration.daemonThreads("dora-discovery-"));
		this.executor.setRemoveOnCancelPolicy(true);
		long refreshMillis = settings.refreshInterval().toMillis();
		this.executor.scheduleWithFixedDelay(this::refreshAll, refreshMillis, refreshMillis, TimeUnit.MILLISECONDS);
	}

	/**
	 * Adds a listener told on the discovery's thread whenever the members of a group change. The discovery closes
	 * listeners that are {@link AutoCloseable} when it is closed.
	 */
	public void addListener(DoraGroupViewListener listener) {
		this.listeners.add(listener);
	}

	@Override
	public DoraGroupView view(String group) {
		GroupState state = this.groups.get(group);
		if (state == null) {
			state = this.groups.computeIfAbsent(group, this::startWatching);
		}
		if (!state.firstRead.isDone() && state.view.instances().isEmpty()) {
			// Nothing to serve yet: wait a little for the first read rather than fail the first call.
			try {
				state.firstRead.get(this.settings.initialLoadTimeout().toMillis(), TimeUnit.MILLISECONDS);
			}
			catch (TimeoutException | ExecutionException ex) {
				return new DoraGroupView(group, List.of(), "redis key " + this.operations.keys().index(group)
						+ ", no answer from Redis within " + print(this.settings.initialLoadTimeout())
						+ " of the first use");
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
		return state.view;
	}

	/** The groups in use. */
	@Override
	public Set<String> knownGroups() {
		return this.groups.keySet();
	}

	/** The view as it is now; a group not in use is reported as such and not read. */
	@Override
	public DoraGroupView currentView(String group) {
		GroupState state = this.groups.get(group);
		return (state != null) ? state.view
				: DoraGroupView.empty(group, "redis key " + this.operations.keys().index(group) + ", not used yet");
	}

	/**
	 * Why the last read of a group in use failed, such as {@code "Redis unreachable since 10:15:02.118: Connection
	 * refused"}, or {@code null} when it succeeded (or the group is not in use).
	 */
	public String readFailure(String group) {
		GroupState state = this.groups.get(group);
		if (state == null || state.failingSince == null) {
			return null;
		}
		return "Redis unreachable since " + state.failingSince + ": " + state.lastFailure;
	}

	/** Whether the change notifications of a group in use are subscribed to, for diagnostics. */
	public boolean isSubscribed(String group) {
		return this.subscriber.isSubscribed(group);
	}

	/** Re-reads a group from Redis soon, on the discovery's thread. */
	public void requestRead(String group) {
		GroupState state = this.groups.get(group);
		if (state != null && state.readQueued.compareAndSet(false, true)) {
			try {
				this.executor.execute(() -> read(state));
			}
			catch (RejectedExecutionException ex) {
				// Stopped.
				state.readQueued.set(false);
			}
		}
	}

	/** Starts reading the groups the application is known to use, so that its first calls need not wait. */
	@Override
	public void start() {
		setRunning(true);
		for (String group : this.settings.preloadGroups()) {
			this.groups.computeIfAbsent(group, this::startWatching);
		}
	}

	/** Stops reading Redis; views already read keep answering. */
	@Override
	public void stop() {
		close();
	}

	@Override
	public void close() {
		setRunning(false);
		this.executor.shutdownNow();
		this.subscriber.close();
		for (DoraGroupViewListener listener : this.listeners) {
			if (listener instanceof AutoCloseable closeable) {
				try {
					closeable.close();
				}
				catch (Exception ex) {
					logger.debug("Closing Dora group view listener " + listener + " failed", ex);
				}
			}
		}
	}

	private GroupState startWatching(String group) {
		GroupState state = new GroupState(group);
		List<InstanceRecord> saved = savedRecords(group);
		if (saved != null) {
			state.records = saved;
			state.view = new DoraGroupView(group, instances(saved), "local cache file " + this.cacheFile.path()
					+ " saved at " + this.cached.savedAt().truncatedTo(ChronoUnit.MILLIS) + ", Redis not read yet");
		}
		else {
			state.view = new DoraGroupView(group, List.of(),
					"redis key " + this.operations.keys().index(group) + ", not read yet");
		}
		state.readQueued.set(true);
		try {
			this.executor.execute(() -> {
				this.subscriber.watch(group);
				read(state);
			});
		}
		catch (RejectedExecutionException ex) {
			// Stopped: answer with what there is.
			state.firstRead.complete(null);
		}
		return state;
	}

	private void refreshAll() {
		this.subscriber.retryFailed();
		this.groups.keySet().forEach(this::requestRead);
	}

	private void read(GroupState state) {
		state.readQueued.set(false);
		try {
			GroupRead read = this.operations.read(state.group);
			onRead(state, read);
			if (this.subscriber.hasFailed()) {
				// Redis answers again: subscribe now rather than at the next periodic refresh.
				this.subscriber.retryFailed();
			}
		}
		catch (RuntimeException ex) {
			onReadFailure(state, ex);
		}
		finally {
			state.firstRead.complete(null);
		}
	}

	private void onRead(GroupState state, GroupRead read) {
		String group = state.group;
		String index = this.operations.keys().index(group);
		String now = LocalTime.now().format(TIME);
		if (state.failingSince != null) {
			logger.info("Dora group '" + group + "' read from Redis again (unreachable since " + state.failingSince
					+ ")");
			state.failingSince = null;
		}
		List<InstanceRecord> records = latestPerEndpoint(read.records());
		boolean hadLiveProviders = state.records.stream().anyMatch((record) -> !record.draining());
		if (records.isEmpty() && hadLiveProviders) {
			long nowNanos = System.nanoTime();
			if (state.emptySinceNanos == 0) {
				state.emptySinceNanos = nowNanos;
				logger.warn("Redis has no providers for Dora group '" + group + "' any more; keeping the "
						+ state.records.size() + " last known until the group has been empty for "
						+ print(this.settings.emptyConfirmation())
						+ " (a Redis restart that lost its data looks like this)");
			}
			long waited = nowNanos - state.emptySinceNanos;
			long confirmation = this.settings.emptyConfirmation().toNanos();
			if (waited < confirmation) {
				String origin = (state.lastReadAt != null) ? "last read at " + state.lastReadAt : "from the cache file";
				state.view = new DoraGroupView(group, state.view.instances(), "redis key " + index
						+ " read empty at " + now + "; keeping the providers " + origin
						+ " until the group has been empty for " + print(this.settings.emptyConfirmation()));
				scheduleRead(state, TimeUnit.NANOSECONDS.toMillis(confirmation - waited) + EXPIRY_SLACK_MILLIS);
				return;
			}
		}
		state.emptySinceNanos = 0;
		state.lastReadAt = now;
		DoraGroupView previous = state.view;
		DoraGroupView current = new DoraGroupView(group, instances(records), "redis key " + index + ", read at " + now);
		boolean changed = !previous.instances().equals(current.instances()) || !state.fromRedis;
		state.records = records;
		state.fromRedis = true;
		state.view = current;
		if (read.shortestTtlMillis() >= 0) {
			scheduleRead(state, read.shortestTtlMillis() + EXPIRY_SLACK_MILLIS);
		}
		if (changed) {
			if (!previous.instances().equals(current.instances())) {
				logger.info("Dora group '" + group + "' now has " + describe(current.instances()));
				this.listeners.forEach((listener) -> notify(listener, previous, current));
			}
			saveCache();
		}
	}

	private void onReadFailure(GroupState state, RuntimeException ex) {
		String now = LocalTime.now().format(TIME);
		String reason = RedisRegistration.describe(ex);
		state.lastFailure = reason;
		if (state.failingSince == null) {
			state.failingSince = now;
			logger.warn("Could not read Dora group '" + state.group + "' from Redis; serving the last known "
					+ state.view.instances().size() + " providers until it answers: " + reason);
		}
		String source;
		if (state.fromRedis) {
			source = "redis key " + this.operations.keys().index(state.group) + " last read at " + state.lastReadAt
					+ "; Redis unreachable since " + state.failingSince + " (" + reason + ")";
		}
		else if (!state.records.isEmpty()) {
			source = "local cache file " + this.cacheFile.path() + " saved at "
					+ this.cached.savedAt().truncatedTo(ChronoUnit.MILLIS) + "; Redis unreachable (" + reason + ")";
		}
		else {
			source = "redis key " + this.operations.keys().index(state.group) + ", never read: Redis unreachable ("
					+ reason + ")";
		}
		state.view = new DoraGroupView(state.group, state.view.instances(), source);
	}

	private void scheduleRead(GroupState state, long delayMillis) {
		if (delayMillis >= this.settings.refreshInterval().toMillis() || this.executor.isShutdown()) {
			return;
		}
		ScheduledFuture<?> previous = state.scheduledRead;
		if (previous != null) {
			previous.cancel(false);
		}
		state.scheduledRead = this.executor.schedule(() -> requestRead(state.group), Math.max(1, delayMillis),
				TimeUnit.MILLISECONDS);
	}

	private void notify(DoraGroupViewListener listener, DoraGroupView previous, DoraGroupView current) {
		try {
			listener.viewChanged(previous, current);
		}
		catch (RuntimeException ex) {
			logger.warn("Dora group view listener " + listener + " failed", ex);
		}
	}

	private List<InstanceRecord> savedRecords(String group) {
		if (this.cacheFile == null) {
			return null;
		}
		synchronized (this) {
			if (!this.cacheLoaded) {
				this.cached = this.cacheFile.load(this.operations.keys().prefix());
				this.cacheLoaded = true;
			}
		}
		GroupViewCacheFile.Content content = this.cached;
		List<InstanceRecord> records = (content != null) ? content.groups().get(group) : null;
		return (records != null && !records.isEmpty()) ? latestPerEndpoint(records) : null;
	}

	private void saveCache() {
		if (this.cacheFile == null) {
			return;
		}
		Map<String, List<InstanceRecord>> views = new LinkedHashMap<>();
		GroupViewCacheFile.Content content = this.cached;
		if (content != null) {
			// Keep the groups this run has not used: another run may need them.
			views.putAll(content.groups());
		}
		this.groups.forEach((group, state) -> {
			if (state.fromRedis) {
				views.put(group, state.records);
			}
		});
		this.cacheFile.save(this.operations.keys().prefix(), views);
	}

	/** One record per endpoint: a provider restarted on the same address replaces its predecessor. */
	private static List<InstanceRecord> latestPerEndpoint(List<InstanceRecord> records) {
		Map<String, InstanceRecord> byEndpoint = new LinkedHashMap<>();
		for (InstanceRecord record : records) {
			byEndpoint.merge(record.endpoint().toString(), record, (a, b) -> isNewer(b, a) ? b : a);
		}
		List<InstanceRecord> result = new ArrayList<>(byEndpoint.values());
		result.sort(Comparator.comparing((InstanceRecord record) -> record.endpoint().toString()));
		return List.copyOf(result);
	}

	private static boolean isNewer(InstanceRecord candidate, InstanceRecord than) {
		if (candidate.startedAt() == null || than.startedAt() == null) {
			return candidate.startedAt() != null;
		}
		return candidate.startedAt().isAfter(than.startedAt());
	}

	private static List<DoraInstance> instances(List<InstanceRecord> records) {
		return records.stream().map(InstanceRecord::toInstance).toList();
	}

	private static String describe(List<DoraInstance> instances) {
		if (instances.isEmpty()) {
			return "no providers";
		}
		return instances.size() + " provider(s): " + instances.stream()
			.map((instance) -> instance.endpoint() + (instance.draining() ? " (draining)" : ""))
			.collect(Collectors.joining(", "));
	}

	private static String print(Duration duration) {
		return DurationFormatterUtils.print(duration, DurationFormat.Style.SIMPLE);
	}

	/** What the discovery knows about one group. */
	private static final class GroupState {

		final String group;

		final CompletableFuture<Void> firstRead = new CompletableFuture<>();

		final AtomicBoolean readQueued = new AtomicBoolean();

		volatile DoraGroupView view;

		// The fields below are written on the discovery thread only.

		volatile List<InstanceRecord> records = List.of();

		volatile boolean fromRedis;

		volatile String lastReadAt;

		volatile String failingSince;

		volatile String lastFailure;

		long emptySinceNanos;

		ScheduledFuture<?> scheduledRead;

		GroupState(String group) {
			this.group = Objects.requireNonNull(group);
		}

	}

}
