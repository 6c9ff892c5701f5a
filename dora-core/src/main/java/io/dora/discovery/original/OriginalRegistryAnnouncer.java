package io.dora.discovery.original;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import io.dora.discovery.DoraEndpoint;
import io.dora.discovery.redis.AdvertisedAddressResolver;
import io.dora.discovery.redis.RedisRegistration;
import io.dora.server.DoraServer;
import io.dora.server.context.OriginalProtocolServerInitializedEvent;
import io.dora.support.PhasedLifecycle;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.context.ApplicationListener;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;

/**
 * Announces this provider's original-protocol port in the original's Redis keys, so that the original Monitor
 * lists it in the client configuration it writes for PHP clients: the member of {@code dora.serverlist} once, and
 * the time in {@code dora.servertime.<ip>.<port>.time} every heartbeat. Unlike the original, it removes both when it
 * stops, so a stopped provider leaves at once instead of after the Monitor's 20 seconds. Learns of the port from
 * {@link OriginalProtocolServerInitializedEvent}, starts after the servers and stops before them, in the phase of
 * Dora's own registration; Redis failures are logged and retried at the next heartbeat, never fatal.
 */
public class OriginalRegistryAnnouncer extends PhasedLifecycle
		implements ApplicationListener<OriginalProtocolServerInitializedEvent> {

	private static final Log logger = LogFactory.getLog(OriginalRegistryAnnouncer.class);

	private final StringRedisTemplate redis;

	private final OriginalServerList serverList;

	private final List<String> groups;

	private final Duration heartbeatInterval;

	private final String advertiseHost;

	private final List<String> preferredNetworks;

	private final AdvertisedAddressResolver resolver = new AdvertisedAddressResolver();

	private volatile ScheduledThreadPoolExecutor executor;

	private volatile ScheduledFuture<?> heartbeat;

	private volatile DoraEndpoint endpoint;

	private volatile String member;

	private volatile boolean failing;

	private volatile DoraServer server;

	/**
	 * @param redis the application's Redis
	 * @param serverList the records' format
	 * @param groups the groups to announce
	 * @param heartbeatInterval time between two reports; the original Monitor drops nodes silent for 20 seconds
	 * @param advertiseHost the host to announce, or {@code null} to choose as Dora's registration does
	 * @param preferredNetworks address prefixes preferred when choosing the host
	 */
	public OriginalRegistryAnnouncer(StringRedisTemplate redis, OriginalServerList serverList, List<String> groups,
			Duration heartbeatInterval, String advertiseHost, List<String> preferredNetworks) {
		super(RedisRegistration.PHASE, false);
		this.redis = redis;
		this.serverList = serverList;
		this.groups = List.copyOf(groups);
		this.heartbeatInterval = heartbeatInterval;
		this.advertiseHost = advertiseHost;
		this.preferredNetworks = preferredNetworks;
	}

	/** Where the port is announced, or {@code null} before it is. */
	public DoraEndpoint endpoint() {
		return this.endpoint;
	}

	/** The port to announce: the original-protocol port that has just started. */
	@Override
	public void onApplicationEvent(OriginalProtocolServerInitializedEvent event) {
		this.server = event.getServer();
	}

	@Override
	public void start() {
		setRunning(true);
		DoraServer current = this.server;
		InetSocketAddress bound = (current != null && current.isRunning()) ? current.address() : null;
		if (bound == null || this.groups.isEmpty()) {
			logger.info("Dora original-protocol port not announced in the original's Redis keys: "
					+ ((bound == null) ? "the port is not open" : "dora.registry.groups is empty"));
			return;
		}
		this.endpoint = this.resolver.resolve(this.advertiseHost, bound, this.preferredNetworks).endpoint();
		this.member = this.serverList.member(this.endpoint, this.groups);
		ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1,
				new CustomizableThreadFactory("dora-original-registry-"));
		executor.setRemoveOnCancelPolicy(true);
		this.executor = executor;
		this.heartbeat = executor.scheduleWithFixedDelay(this::report, 0, this.heartbeatInterval.toMillis(),
				TimeUnit.MILLISECONDS);
		logger.info("Dora original-protocol port announced to the original Monitor as " + this.endpoint
				+ " in groups " + this.groups + " (" + OriginalServerList.SERVER_LIST_KEY + ")");
	}

	private void report() {
		try {
			// The time first: a Monitor that sees the member also finds it fresh.
			this.redis.opsForValue()
				.set(OriginalServerList.timeKey(this.endpoint), Long.toString(System.currentTimeMillis() / 1000));
			this.redis.opsForSet().add(OriginalServerList.SERVER_LIST_KEY, this.member);
			if (this.failing) {
				logger.info("Dora original-protocol announcement in Redis works again");
				this.failing = false;
			}
		}
		catch (RuntimeException ex) {
			if (!this.failing) {
				logger.warn("Dora original-protocol announcement in Redis failed; retrying every "
						+ this.heartbeatInterval.toMillis() + " ms: " + ex.getMessage());
				this.failing = true;
			}
		}
	}

	@Override
	public void stop() {
		setRunning(false);
		ScheduledThreadPoolExecutor current = this.executor;
		if (current == null) {
			return;
		}
		this.heartbeat.cancel(false);
		current.shutdown();
		try {
			current.awaitTermination(5, TimeUnit.SECONDS);
			this.redis.opsForSet().remove(OriginalServerList.SERVER_LIST_KEY, this.member);
			this.redis.delete(OriginalServerList.timeKey(this.endpoint));
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		catch (RuntimeException ex) {
			logger.warn("Dora original-protocol announcement could not be removed from Redis; the original Monitor "
					+ "drops it after 20 seconds: " + ex.getMessage());
		}
		this.executor = null;
	}

}
