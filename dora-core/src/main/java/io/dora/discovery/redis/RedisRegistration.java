package io.dora.discovery.redis;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import io.dora.discovery.DoraEndpoint;
import io.dora.discovery.redis.RedisRegistryOperations.HeartbeatOutcome;
import io.dora.protocol.DoraProtocol;
import io.dora.server.DoraServer;
import io.dora.server.context.DoraServerBootstrap;
import io.dora.server.context.DoraServerInitializedEvent;
import io.dora.support.PhasedLifecycle;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.ApplicationListener;
import org.springframework.format.annotation.DurationFormat;
import org.springframework.format.datetime.standard.DurationFormatterUtils;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;

/**
 * Registers this application's Dora server in Redis and keeps the registration alive.
 * <ul>
 * <li>Learns of the server from {@link DoraServerInitializedEvent} and starts after it (it runs in a later phase),
 * so only a bound, serving provider is registered.</li>
 * <li>Refreshes the record every heartbeat interval; every heartbeat re-creates what is missing, so the provider
 * comes back by itself after the record expired or Redis lost its data. When Redis cannot be reached it keeps
 * serving and retries with a growing delay, up to the heartbeat interval.</li>
 * <li>Stops before the server: marks the record draining (consumers are notified and stop choosing it) and keeps
 * serving for the drain delay. The server then drains, and once it has stopped {@link RedisDeregistration} deletes
 * the record.</li>
 * </ul>
 * All Redis work runs on one thread of its own, never on a caller's.
 */
public class RedisRegistration extends PhasedLifecycle
		implements ApplicationListener<DoraServerInitializedEvent>, DisposableBean {

	/** Higher than the server's phase: started after it, stopped before it. */
	public static final int PHASE = DoraServerBootstrap.PHASE + 512;

	private static final Log logger = LogFactory.getLog(RedisRegistration.class);

	private static final long FIRST_RETRY_MILLIS = 250;

	private volatile DoraServer server;

	private final RedisRegistryOperations operations;

	private final RegistrationSettings settings;

	private final AdvertisedAddressResolver addressResolver;

	private final ScheduledExecutorService executor;

	private volatile InstanceRecord record;

	private volatile boolean registered;

	private volatile int failedAttempts;

	private volatile String lastFailure;

	// The fields below are used on the executor thread only.

	private ScheduledFuture<?> nextHeartbeat;

	private long retryMillis;

	private boolean deregistered;

	public RedisRegistration(RedisRegistryOperations operations, RegistrationSettings settings) {
		this(operations, settings, new AdvertisedAddressResolver());
	}

	public RedisRegistration(RedisRegistryOperations operations, RegistrationSettings settings,
			AdvertisedAddressResolver addressResolver) {
		super(PHASE, false);
		this.operations = operations;
		this.settings = settings;
		this.addressResolver = addressResolver;
		ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1,
				daemonThreads("dora-registration-"));
		executor.setRemoveOnCancelPolicy(true);
		this.executor = executor;
	}

	/** The record this provider publishes, or {@code null} before it started registering. */
	public InstanceRecord record() {
		return this.record;
	}

	/** Whether the record has been written to Redis at least once. */
	public boolean isRegistered() {
		return this.registered;
	}

	/** Failed attempts to write the registration since the last one that succeeded. */
	public int failedAttempts() {
		return this.failedAttempts;
	}

	/** Why the last attempt to write the registration failed, or {@code null} when it succeeded. */
	public String lastFailure() {
		return this.lastFailure;
	}

	/** The server to register: the one that has just started. */
	@Override
	public void onApplicationEvent(DoraServerInitializedEvent event) {
		this.server = event.getServer();
	}

	@Override
	public void start() {
		if (isRunning()) {
			return;
		}
		setRunning(true);
		DoraServer server = this.server;
		InetSocketAddress bound = (server != null) ? server.address() : null;
		if (bound == null || !server.isRunning()) {
			logger.info("Dora provider not registered in Redis: the Dora server is not running");
			return;
		}
		if (this.settings.groups().isEmpty()) {
			logger.info("Dora provider not registered in Redis: dora.registry.groups is empty");
			return;
		}
		AdvertisedAddressResolver.Resolution address = this.addressResolver.resolve(this.settings.advertiseAddress(),
				bound, this.settings.preferredNetworks());
		DoraEndpoint endpoint = address.endpoint();
		String id = (this.record != null) ? this.record.id() : instanceId(endpoint);
		this.record = new InstanceRecord(id, endpoint.host(), endpoint.port(), this.settings.groups(),
				DoraProtocol.VERSION, Instant.now(), this.settings.weight(), false, this.settings.application(),
				this.settings.metadata());
		logger.info("Dora provider registering in Redis as " + endpoint + " (" + address.reason() + "), id " + id
				+ ", groups " + this.settings.groups() + ", heartbeat every " + print(this.settings.heartbeatInterval())
				+ ", TTL " + print(this.settings.ttl()));
		this.executor.execute(() -> {
			this.deregistered = false;
			heartbeat();
		});
	}

	@Override
	public void stop(Runnable callback) {
		if (this.record == null || this.executor.isShutdown()) {
			setRunning(false);
			callback.run();
			return;
		}
		this.executor.execute(() -> {
			this.record = this.record.asDraining();
			// Write it now rather than at the next heartbeat: consumers are notified and stop choosing it.
			if (heartbeat()) {
				logger.info("Dora provider " + this.record.endpoint() + " marked draining in Redis; serving for "
						+ "another " + print(this.settings.drainDelay()) + " before the server stops accepting calls");
			}
			else {
				logger.warn("Dora provider " + this.record.endpoint() + " could not mark itself draining in Redis; "
						+ "consumers fail over when it turns calls away");
			}
			this.executor.schedule(() -> {
				setRunning(false);
				callback.run();
			}, this.settings.drainDelay().toMillis(), TimeUnit.MILLISECONDS);
		});
	}

	@Override
	public void stop() {
		CountDownLatch stopped = new CountDownLatch(1);
		stop(stopped::countDown);
		try {
			stopped.await();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/**
	 * Deletes the registration and stops refreshing it, waiting for at most 10 s. {@link RedisDeregistration} calls
	 * it once the server has stopped, while the Redis connection factory is still running.
	 */
	public void deregister() {
		if (this.executor.isShutdown()) {
			return;
		}
		Future<?> done = this.executor.submit(this::deleteRecords);
		try {
			done.get(10, TimeUnit.SECONDS);
		}
		catch (Exception ex) {
			logger.warn("Dora provider deregistration from Redis did not finish; its records expire within "
					+ print(this.settings.ttl()));
		}
	}

	/** Deregisters if that has not happened yet, and releases the registration thread. */
	@Override
	public void destroy() {
		deregister();
		this.executor.shutdownNow();
	}

	/** Writes the record to every group; whether that succeeded. */
	private boolean heartbeat() {
		InstanceRecord current = this.record;
		if (this.deregistered || current == null) {
			return false;
		}
		cancelNextHeartbeat();
		try {
			for (String group : this.settings.groups()) {
				HeartbeatOutcome outcome = this.operations.heartbeat(group, current, this.settings.ttl());
				if (outcome == HeartbeatOutcome.CREATED && this.registered && this.failedAttempts == 0) {
					logger.warn("Dora provider record in group '" + group + "' was missing from Redis (expired, "
							+ "deleted or Redis lost its data); registered it again");
				}
			}
			if (!this.registered) {
				logger.info("Dora provider " + current.endpoint() + " registered in Redis in groups "
						+ this.settings.groups() + ((this.failedAttempts > 0)
								? " after " + this.failedAttempts + " failed attempts" : ""));
			}
			else if (this.failedAttempts > 0) {
				logger.info("Dora provider " + current.endpoint() + " registered in Redis again after "
						+ this.failedAttempts + " failed attempts");
			}
			this.registered = true;
			this.failedAttempts = 0;
			this.lastFailure = null;
			this.retryMillis = 0;
			scheduleHeartbeat(this.settings.heartbeatInterval().toMillis());
			return true;
		}
		catch (RuntimeException ex) {
			this.lastFailure = describe(ex);
			if (this.failedAttempts++ == 0) {
				logger.warn("Dora provider " + current.endpoint() + " could not register in Redis; it keeps serving "
						+ "and retries: " + describe(ex));
			}
			else if (logger.isDebugEnabled()) {
				logger.debug("Dora provider registration attempt " + this.failedAttempts + " failed: " + describe(ex));
			}
			long interval = this.settings.heartbeatInterval().toMillis();
			this.retryMillis = (this.retryMillis == 0) ? Math.min(FIRST_RETRY_MILLIS, interval)
					: Math.min(this.retryMillis * 2, interval);
			scheduleHeartbeat(this.retryMillis);
			return false;
		}
	}

	private void deleteRecords() {
		cancelNextHeartbeat();
		setRunning(false);
		InstanceRecord current = this.record;
		if (current == null || this.deregistered) {
			return;
		}
		this.deregistered = true;
		try {
			for (String group : this.settings.groups()) {
				this.operations.deregister(group, current.id());
			}
			logger.info("Dora provider " + current.endpoint() + " deregistered from Redis");
		}
		catch (RuntimeException ex) {
			logger.warn("Dora provider " + current.endpoint() + " could not deregister from Redis; its records "
					+ "expire within " + print(this.settings.ttl()) + ": " + describe(ex));
		}
	}

	private void scheduleHeartbeat(long delayMillis) {
		if (!this.executor.isShutdown()) {
			this.nextHeartbeat = this.executor.schedule(this::heartbeat, delayMillis, TimeUnit.MILLISECONDS);
		}
	}

	private void cancelNextHeartbeat() {
		if (this.nextHeartbeat != null) {
			this.nextHeartbeat.cancel(false);
			this.nextHeartbeat = null;
		}
	}

	/** The configured id, else the address and a random suffix, so a restarted provider gets a new id. */
	private String instanceId(DoraEndpoint endpoint) {
		if (this.settings.instanceId() != null) {
			return this.settings.instanceId();
		}
		return endpoint + "-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
	}

	private static String print(Duration duration) {
		return DurationFormatterUtils.print(duration, DurationFormat.Style.SIMPLE);
	}

	static String describe(Throwable ex) {
		StringBuilder text = new StringBuilder(String.valueOf(ex.getMessage()));
		Throwable cause = ex.getCause();
		while (cause != null && cause != cause.getCause()) {
			if (cause.getMessage() != null && !text.toString().contains(cause.getMessage())) {
				text.append(": ").append(cause.getMessage());
			}
			cause = cause.getCause();
		}
		return text.toString();
	}

	static CustomizableThreadFactory daemonThreads(String prefix) {
		CustomizableThreadFactory factory = new CustomizableThreadFactory(prefix);
		factory.setDaemon(true);
		return factory;
	}

}
