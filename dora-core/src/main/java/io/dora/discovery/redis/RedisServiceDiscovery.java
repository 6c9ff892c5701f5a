package io.dora.discovery.redis;

import java.time.Duration;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
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

import io.dora.discovery.DoraEndpoint;
import io.dora.discovery.DoraGroupView;
import io.dora.discovery.DoraGroupViewListener;
import io.dora.discovery.DoraInstance;
import io.dora.discovery.DoraServiceDiscovery;
import io.dora.discovery.redis.RedisRegistryOperations.ExpiryCheck;
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
 * <li>change notifications on the group's channel: the record a message names is read again (and the whole group
 * on every resubscription, since messages published meanwhile are lost);</li>
 * <li>an expiry check when the first record of the group would expire if it was not refreshed, which asks the
 * group's index which records expired without reading the group, so a provider that died without deregistering
 * leaves the view within the TTL;</li>
 * <li>the same check every refresh interval, which reads the whole group again when the group's count of changes
 * says that a notification was lost.</li>
 * </ul>
 * A Redis outage never empties a view: the last one read keeps serving, and its source says since when Redis is
 * unreachable. Nor does a Redis that suddenly answers "no providers" (restarted without its data): the view is
 * kept until the group has read empty for a grace period, long enough for live providers to reconnect and register
 * again (unless all it held were draining: those announced they were leaving). Providers whose records went missing
 * while Redis took no heartbeats (a failover, a restart, a pause) are kept until they had a TTL to write them again.
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

	/** Check this long after the first record of a group would expire, so that it has. */
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

	/** Set when closing: a read interrupted by it is not a failure of Redis. */
	private volatile boolean closed;

	public RedisServiceDiscovery(RedisRegistryOperations operations, RedisConnectionFactory connectionFactory,
			DiscoverySettings settings) {
		// Usable before the context starts it: a view can be read any time.
		super(PHASE, true);
		this.operations = operations;
		this.settings = settings;
		this.subscriber = new RegistryChangeSubscriber(connectionFactory, operations.keys(), operations.codec(),
				new RegistryChangeSubscriber.Changes() {

					@Override
					public void changed(String group, String instanceId) {
						if (instanceId != null) {
							requestRecord(group, instanceId);
						}
						else {
							requestRead(group);
						}
					}

					@Override
					public void subscribed(String group) {
						requestRead(group);
					}

				});
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

	/** Reads a whole group from Redis again soon, on the discovery's thread. */
	public void requestRead(String group) {
		GroupState state = this.groups.get(group);
		if (state != null && state.readQueued.compareAndSet(false, true)) {
			run(state, state.readQueued, () -> read(state));
		}
	}

	/** Reads one record of a group again soon, on the discovery's thread; records asked for meanwhile come along. */
	private void requestRecord(String group, String instanceId) {
		GroupState state = this.groups.get(group);
		if (state != null) {
			state.changedIds.add(instanceId);
			if (state.recordsQueued.compareAndSet(false, true)) {
				run(state, state.recordsQueued, () -> readChangedRecords(state));
			}
		}
	}

	/** Checks soon, on the discovery's thread, what expired in a group. */
	private void requestCheck(String group) {
		GroupState state = this.groups.get(group);
		if (state != null && state.checkQueued.compareAndSet(false, true)) {
			run(state, state.checkQueued, () -> check(state));
		}
	}

	private void run(GroupState state, AtomicBoolean queued, Runnable task) {
		try {
			this.executor.execute(task);
		}
		catch (RejectedExecutionException ex) {
			// Stopped.
			queued.set(false);
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
		this.closed = true;
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

	/** Checks the groups no check or read has consulted Redis for within the refresh interval. */
	private void refreshAll() {
		this.subscriber.retryFailed();
		long due = System.nanoTime() - this.settings.refreshInterval().toNanos() / 2;
		this.groups.forEach((group, state) -> {
			if (state.syncedAtNanos == 0 || state.syncedAtNanos - due <= 0) {
				requestCheck(group);
			}
		});
	}

	/** Reads the whole group. */
	private void read(GroupState state) {
		state.readQueued.set(false);
		try {
			GroupRead read = this.operations.read(state.group);
			update(state, read.records(), read.resumingMillis(), read.shortestTtlMillis());
			state.syncedChanges = read.changes();
			state.syncedAtNanos = System.nanoTime();
			subscribeIfFailed();
		}
		catch (RuntimeException ex) {
			onReadFailure(state, ex);
		}
		finally {
			state.firstRead.complete(null);
		}
	}

	/** Reads the records that notifications named since the last time. */
	private void readChangedRecords(GroupState state) {
		state.recordsQueued.set(false);
		Set<String> ids = new HashSet<>(state.changedIds);
		state.changedIds.removeAll(ids);
		if (ids.isEmpty() || !state.fromRedis) {
			// Not read yet: the first read comes with everything.
			return;
		}
		try {
			GroupRead read = this.operations.read(state.group, ids);
			update(state, replace(state.found, ids, read.records()), read.resumingMillis(), read.shortestTtlMillis());
		}
		catch (RuntimeException ex) {
			state.changedIds.addAll(ids);
			onReadFailure(state, ex);
		}
	}

	/**
	 * Asks the group's index what expired, and reads only the records of the providers in the view that did, to
	 * confirm they are gone. Reads the whole group instead when its count of changes moved without a notification
	 * telling what (one was lost), or when the last check is so long ago that the index may have forgotten expiries.
	 */
	private void check(GroupState state) {
		state.checkQueued.set(false);
		long sinceSync = System.nanoTime() - state.syncedAtNanos;
		if (state.syncedChanges == null || sinceSync > RedisRegistryOperations.EXPIRED_KEPT.toNanos() / 2) {
			read(state);
			return;
		}
		try {
			ExpiryCheck check = this.operations.checkExpiry(state.group);
			if (!check.changes().equals(state.syncedChanges)) {
				read(state);
				return;
			}
			Set<String> expired = state.found.stream().map(InstanceRecord::id).filter(check.expired()::contains)
				.collect(Collectors.toSet());
			if (expired.isEmpty()) {
				update(state, state.found, check.resumingMillis(), check.nextExpiryMillis());
			}
			else {
				GroupRead read = this.operations.read(state.group, expired);
				update(state, replace(state.found, expired, read.records()), read.resumingMillis(),
						check.nextExpiryMillis());
			}
			state.syncedAtNanos = System.nanoTime();
			subscribeIfFailed();
		}
		catch (RuntimeException ex) {
			onReadFailure(state, ex);
		}
	}

	private void subscribeIfFailed() {
		if (this.subscriber.hasFailed()) {
			// Redis answers again: subscribe now rather than at the next periodic refresh.
			this.subscriber.retryFailed();
		}
	}

	/** The records with those of the given ids replaced by what was read of them (nothing, when they are gone). */
	private static List<InstanceRecord> replace(List<InstanceRecord> records, Set<String> ids,
			List<InstanceRecord> read) {
		List<InstanceRecord> result = new ArrayList<>(read);
		records.stream().filter((record) -> !ids.contains(record.id())).forEach(result::add);
		return result;
	}

	/**
	 * Makes what Redis has the group's view: one record per endpoint, and besides, providers of the last view missing
	 * while heartbeats resume, or the whole last view while the group reads empty for the grace period. Those are
	 * judged again on every update, since they are not among what Redis has.
	 * @param found what Redis has now
	 * @param resumingMillis how long missing records may still belong to live providers
	 * @param nextCheckMillis when a record read expires unless refreshed (the first of the group after a whole read or
	 * a check), or -1 when none will
	 */
	private void update(GroupState state, List<InstanceRecord> found, long resumingMillis, long nextCheckMillis) {
		String group = state.group;
		String index = this.operations.keys().index(group);
		String now = LocalTime.now().format(TIME);
		if (state.failingSince != null) {
			logger.info("Dora group '" + group + "' read from Redis again (unreachable since " + state.failingSince
					+ ")");
			state.failingSince = null;
		}
		state.found = List.copyOf(found);
		List<InstanceRecord> records = latestPerEndpoint(found);
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
				scheduleCheck(state, TimeUnit.NANOSECONDS.toMillis(confirmation - waited) + EXPIRY_SLACK_MILLIS);
				return;
			}
		}
		state.emptySinceNanos = 0;
		state.lastReadAt = now;
		String source = "redis key " + index + ", read at " + now;
		List<InstanceRecord> kept = (resumingMillis > 0) ? missingLiveProviders(state.records, records) : List.of();
		if (!kept.isEmpty()) {
			records = latestPerEndpoint(concat(records, kept));
			source += "; keeping " + endpoints(kept) + ", missing from Redis while heartbeats resume there, for up to "
					+ resumingMillis + " ms";
			if (!endpoints(kept).equals(state.kept)) {
				logger.info("Dora group '" + group + "': keeping " + endpoints(kept) + " although Redis lost their "
						+ "records: heartbeats only resumed there recently (a failover, restart or pause of Redis), "
						+ "so they may not have written them again yet; they are dropped unless back within "
						+ resumingMillis + " ms");
			}
		}
		state.kept = kept.isEmpty() ? null : endpoints(kept);
		DoraGroupView previous = state.view;
		DoraGroupView current = new DoraGroupView(group, instances(records), source);
		boolean changed = !previous.instances().equals(current.instances()) || !state.fromRedis;
		state.records = records;
		state.fromRedis = true;
		state.view = current;
		long nextCheck = (nextCheckMillis >= 0) ? nextCheckMillis : Long.MAX_VALUE;
		if (!kept.isEmpty()) {
			nextCheck = Math.min(nextCheck, resumingMillis);
		}
		if (nextCheck != Long.MAX_VALUE) {
			scheduleCheck(state, nextCheck + EXPIRY_SLACK_MILLIS);
		}
		if (changed) {
			if (!previous.instances().equals(current.instances())) {
				logger.info("Dora group '" + group + "' now has " + describe(current.instances()));
				this.listeners.forEach((listener) -> notify(listener, previous, current));
			}
			saveCache();
		}
	}

	/**
	 * The providers of the last view that this read did not find and that had not announced they were leaving
	 * (draining).
	 */
	private static List<InstanceRecord> missingLiveProviders(List<InstanceRecord> known, List<InstanceRecord> read) {
		Set<DoraEndpoint> found = read.stream().map(InstanceRecord::endpoint).collect(Collectors.toSet());
		return known.stream().filter((record) -> !record.draining() && !found.contains(record.endpoint())).toList();
	}

	private static List<InstanceRecord> concat(List<InstanceRecord> first, List<InstanceRecord> second) {
		List<InstanceRecord> all = new ArrayList<>(first);
		all.addAll(second);
		return all;
	}

	private static String endpoints(List<InstanceRecord> records) {
		return records.stream().map((record) -> record.endpoint().toString()).collect(Collectors.joining(", "));
	}

	private void onReadFailure(GroupState state, RuntimeException ex) {
		if (this.closed) {
			// Closing interrupts a read in progress: nothing to warn about, and the view is no longer refreshed.
			logger.debug("Read of Dora group '" + state.group + "' ended by closing: " + ex);
			return;
		}
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

	/** Schedules a check, unless one is due sooner: a check reschedules itself for the group's next expiry. */
	private void scheduleCheck(GroupState state, long delayMillis) {
		if (delayMillis >= this.settings.refreshInterval().toMillis() || this.executor.isShutdown()) {
			return;
		}
		long due = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(delayMillis);
		ScheduledFuture<?> previous = state.scheduledCheck;
		if (previous != null && !previous.isDone()) {
			if (state.checkDueNanos - due <= 0) {
				return;
			}
			previous.cancel(false);
		}
		state.checkDueNanos = due;
		state.scheduledCheck = this.executor.schedule(() -> requestCheck(state.group), Math.max(1, delayMillis),
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

		final AtomicBoolean recordsQueued = new AtomicBoolean();

		final AtomicBoolean checkQueued = new AtomicBoolean();

		/** Instances notifications named that have not been read again yet. */
		final Set<String> changedIds = ConcurrentHashMap.newKeySet();

		volatile DoraGroupView view;

		// The fields below are written on the discovery thread only.

		/** The records of the view: what Redis has, and the providers kept although it does not. */
		volatile List<InstanceRecord> records = List.of();

		/** What Redis has, as far as the reads, notifications and checks tell. */
		List<InstanceRecord> found = List.of();

		volatile boolean fromRedis;

		volatile String lastReadAt;

		volatile String failingSince;

		volatile String lastFailure;

		long emptySinceNanos;

		/** The group's count of changes at the last full read, or {@code null} before one succeeded. */
		String syncedChanges;

		/** When the last full read or check succeeded. */
		long syncedAtNanos;

		/** The endpoints kept although missing from the last read, for logging each change once. */
		String kept;

		ScheduledFuture<?> scheduledCheck;

		long checkDueNanos;

		GroupState(String group) {
			this.group = Objects.requireNonNull(group);
		}

	}

}
