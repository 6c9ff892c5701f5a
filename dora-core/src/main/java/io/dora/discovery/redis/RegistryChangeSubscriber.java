package io.dora.discovery.redis;

import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.data.redis.connection.Message;
import org.springframework.data.redis.connection.MessageListener;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.SubscriptionListener;
import org.springframework.data.redis.listener.ChannelTopic;
import org.springframework.data.redis.listener.RedisMessageListenerContainer;

/**
 * Subscribes to the change channels of the groups a consumer uses and says what to read again: the instance a
 * message names, and the whole group on every (re)subscription, since messages published while the subscription was
 * down are lost.
 * A subscription that failed (Redis down) is retried by {@link #retryFailed()}; one that dropped later is restored
 * by the Redis client's reconnect.
 */
class RegistryChangeSubscriber implements MessageListener, SubscriptionListener, AutoCloseable {

	private static final Log logger = LogFactory.getLog(RegistryChangeSubscriber.class);

	private final RedisMessageListenerContainer container = new RedisMessageListenerContainer();

	private final RedisRegistryKeys keys;

	private final Changes changes;

	private final InstanceRecordCodec codec;

	private final Set<String> watched = ConcurrentHashMap.newKeySet();

	private final Set<String> subscribed = ConcurrentHashMap.newKeySet();

	private final Set<String> failed = ConcurrentHashMap.newKeySet();

	private boolean started;

	/**
	 * @param connectionFactory the application's Redis connections
	 * @param keys the registry's names
	 * @param codec reads the messages
	 * @param changes told what changed; called on a Redis client thread, so it must not block
	 */
	RegistryChangeSubscriber(RedisConnectionFactory connectionFactory, RedisRegistryKeys keys, InstanceRecordCodec codec,
			Changes changes) {
		this.keys = keys;
		this.codec = codec;
		this.changes = changes;
		this.container.setConnectionFactory(connectionFactory);
		// A message only queues a re-read: handle it where it arrives rather than on a new thread each time.
		this.container.setTaskExecutor(Runnable::run);
		SimpleAsyncTaskExecutor subscriptionExecutor = new SimpleAsyncTaskExecutor("dora-discovery-subscription-");
		subscriptionExecutor.setDaemon(true);
		this.container.setSubscriptionExecutor(subscriptionExecutor);
		this.container.setBeanName("doraRegistryChangeSubscriber");
		this.container.setErrorHandler((ex) -> logger.debug("Dora registry change listener failed", ex));
	}

	/** Subscribes to a group's channel. May block for a Redis round trip; call it on the discovery thread. */
	synchronized void watch(String group) {
		this.watched.add(group);
		subscribe(group);
	}

	/** Retries the subscriptions that failed. Call it on the discovery thread. */
	synchronized void retryFailed() {
		for (String group : this.failed) {
			subscribe(group);
		}
	}

	/** Whether a subscription failed and waits for {@link #retryFailed()}. */
	boolean hasFailed() {
		return !this.failed.isEmpty();
	}

	/** Whether the group's channel subscription is confirmed. */
	boolean isSubscribed(String group) {
		return this.subscribed.contains(group);
	}

	private void subscribe(String group) {
		try {
			if (!this.started) {
				this.container.afterPropertiesSet();
				this.container.start();
				this.started = true;
			}
			this.container.addMessageListener(this, new ChannelTopic(this.keys.channel(group)));
			this.failed.remove(group);
		}
		catch (RuntimeException ex) {
			this.failed.add(group);
			if (logger.isDebugEnabled()) {
				logger.debug("Subscribing to changes of Dora group '" + group + "' failed; retrying later: "
						+ RedisRegistration.describe(ex));
			}
		}
	}

	@Override
	public void onMessage(Message message, byte[] pattern) {
		String group = this.keys.groupOfChannel(new String(message.getChannel(), StandardCharsets.UTF_8));
		if (group != null) {
			this.changes.changed(group,
					this.codec.changedInstanceId(new String(message.getBody(), StandardCharsets.UTF_8)));
		}
	}

	@Override
	public void onChannelSubscribed(byte[] channel, long count) {
		String group = this.keys.groupOfChannel(new String(channel, StandardCharsets.UTF_8));
		if (group != null) {
			this.subscribed.add(group);
			this.changes.subscribed(group);
		}
	}

	@Override
	public void onChannelUnsubscribed(byte[] channel, long count) {
		String group = this.keys.groupOfChannel(new String(channel, StandardCharsets.UTF_8));
		if (group != null) {
			this.subscribed.remove(group);
		}
	}

	/** Told what the notifications say. */
	interface Changes {

		/**
		 * An instance of a group changed (registered, changed, draining, deregistered).
		 * @param instanceId its id, or {@code null} when the message did not say: read the whole group
		 */
		void changed(String group, String instanceId);

		/** The group's channel is subscribed (again): what was published meanwhile is lost; read the whole group. */
		void subscribed(String group);

	}

	@Override
	public synchronized void close() {
		if (this.started) {
			try {
				this.container.destroy();
			}
			catch (Exception ex) {
				logger.debug("Closing the Dora registry change subscription failed", ex);
			}
			this.started = false;
		}
	}

}
