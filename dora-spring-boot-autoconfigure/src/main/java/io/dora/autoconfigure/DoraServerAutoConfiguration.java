package io.dora.autoconfigure;

import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import io.dora.discovery.redis.RedisReplayMemory;
import io.dora.handler.DoraApiBeanPostProcessor;
import io.dora.handler.DoraApiInvoker;
import io.dora.handler.DoraApiRegistry;
import io.dora.handler.DoraControlCommands;
import io.dora.handler.DoraDispatcher;
import io.dora.handler.DoraServerStats;
import io.dora.handler.InFlightLimiter;
import io.dora.handler.RecentCallCache;
import io.dora.observation.DoraServerObservationConvention;
import io.dora.protocol.DoraFrameWriter;
import io.dora.protocol.DoraJsonCodec;
import io.dora.protocol.FrameBufferBudget;
import io.dora.protocol.original.OriginalWireOptions;
import io.dora.security.FrameVerifier;
import io.dora.security.SharedReplayMemory;
import io.dora.security.SignatureChecker;
import io.dora.server.DoraServer;
import io.dora.server.DoraServerCustomizer;
import io.dora.server.DoraServerFactory;
import io.dora.server.DoraServerSettings;
import io.dora.server.context.DoraServerBootstrap;
import io.dora.server.context.OriginalProtocolServerInitializedEvent;
import io.dora.server.netty.NettyDoraServerFactory;
import io.dora.server.original.OriginalProtocolServer;
import io.dora.server.original.OriginalProtocolServerFactory;
import io.micrometer.observation.ObservationRegistry;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.handler.ssl.ClientAuth;
import io.netty.util.concurrent.DefaultThreadFactory;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnThreading;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.boot.thread.Threading;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Role;
import org.springframework.core.env.Environment;
import org.springframework.core.task.VirtualThreadTaskExecutor;
import org.springframework.data.redis.connection.RedisConnectionFactory;

/**
 * Auto-configuration of Dora's provider side: the {@code @DoraApi} registry, the dispatcher shared by TCP and
 * HTTP, the business executor, and the TCP server as Spring Boot runs its servers: a {@link DoraServerFactory}
 * (customized by every {@link DoraServerCustomizer} bean), the {@link DoraServer} it creates paused, and the
 * {@link DoraServerBootstrap} that starts it after the refresh. Active when a bean declares {@code @DoraApi}; switched off with
 * {@code dora.server.enabled=false}.
 */
@AutoConfiguration(afterName = { "org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration",
		"org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration",
		"org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration" })
@ConditionalOnClass({ ServerBootstrap.class, JsonMapper.class })
@ConditionalOnBooleanProperty(name = "dora.server.enabled", matchIfMissing = true)
@ConditionalOnDoraApi
@EnableConfigurationProperties({ DoraServerProperties.class, DoraSecurityProperties.class })
@Import(DoraCodecConfiguration.class)
public final class DoraServerAutoConfiguration {

	/** Name of the executor handlers run on; define a bean of this name to supply your own. */
	public static final String EXECUTOR_BEAN_NAME = "doraServerExecutor";

	/**
	 * Name of the original-protocol port's server, with {@code dora.server.original-protocol.enabled}. It is not a
	 * default candidate, so that injecting a {@code DoraServer} keeps giving Dora's own: inject it with
	 * {@code @Qualifier(ORIGINAL_PROTOCOL_SERVER_BEAN_NAME)}.
	 */
	public static final String ORIGINAL_PROTOCOL_SERVER_BEAN_NAME = "doraOriginalProtocolServer";

	/** Name of the scheduler that fires the deadlines of multi-API calls; define a bean of this name to replace it. */
	public static final String SCHEDULER_BEAN_NAME = "doraServerScheduler";

	@Bean("io.dora.handler.DoraApiRegistry")
	@ConditionalOnMissingBean
	@Role(BeanDefinition.ROLE_INFRASTRUCTURE)
	static DoraApiRegistry doraApiRegistry() {
		return new DoraApiRegistry();
	}

	@Bean("io.dora.handler.DoraApiBeanPostProcessor")
	@Role(BeanDefinition.ROLE_INFRASTRUCTURE)
	static DoraApiBeanPostProcessor doraApiBeanPostProcessor(DoraApiRegistry doraApiRegistry) {
		return new DoraApiBeanPostProcessor(doraApiRegistry);
	}

	@Bean("io.dora.handler.DoraServerStats")
	@ConditionalOnMissingBean
	DoraServerStats doraServerStats() {
		return new DoraServerStats();
	}

	@Bean("io.dora.handler.DoraDispatcher")
	@ConditionalOnMissingBean
	DoraDispatcher doraDispatcher(DoraApiRegistry registry, DoraJsonCodec codec, DoraServerStats stats,
			@Qualifier(EXECUTOR_BEAN_NAME) Executor executor,
			@Qualifier(SCHEDULER_BEAN_NAME) ScheduledExecutorService scheduler, DoraServerProperties properties,
			ObjectProvider<ObservationRegistry> observationRegistry,
			ObjectProvider<DoraServerObservationConvention> observationConvention) {
		DoraApiInvoker invoker = new DoraApiInvoker(registry, codec, stats,
				observationRegistry.getIfUnique(() -> ObservationRegistry.NOOP), observationConvention.getIfUnique());
		InFlightLimiter limiter = new InFlightLimiter(properties.getBusinessThreads() + properties.getQueueCapacity());
		RecentCallCache recentCalls = new RecentCallCache(properties.getDeduplication().getMaxEntries(),
				properties.getDeduplication().getWindow());
		return new DoraDispatcher(invoker, executor, limiter, scheduler, stats,
				new DoraControlCommands(properties.getControl().isEnabled()), recentCalls,
				properties.getMaxApisPerRequest(), properties.isRunNonBlockingOnIoThread());
	}

	/** The timer of the dispatcher's deadlines: one daemon thread, which only completes futures. */
	@Bean(name = SCHEDULER_BEAN_NAME, destroyMethod = "shutdownNow")
	@ConditionalOnMissingBean(name = SCHEDULER_BEAN_NAME)
	ScheduledThreadPoolExecutor doraServerScheduler() {
		ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1,
				new DefaultThreadFactory("dora-deadlines", true));
		scheduler.setRemoveOnCancelPolicy(true);
		return scheduler;
	}

	/**
	 * What request bodies still arriving may hold, TCP frames and HTTP bodies together: one bound for what callers
	 * that have not finished sending can make this provider hold.
	 */
	@Bean
	@ConditionalOnMissingBean
	FrameBufferBudget doraRequestBodyBudget(DoraServerProperties properties) {
		return new FrameBufferBudget((properties.getMaxBufferedBytes() != null)
				? properties.getMaxBufferedBytes().toBytes() : DoraServerSettings.defaultMaxBufferedBytes());
	}

	/** Checks request signatures, on TCP and HTTP alike; present when the provider has keys. */
	@Bean
	@ConditionalOnMissingBean
	@Conditional(OnSigningKeysCondition.class)
	SignatureChecker doraSignatureChecker(DoraSecurityProperties security, Environment environment,
			ObjectProvider<SharedReplayMemory> sharedReplays) {
		List<String> groups = Binder.get(environment)
			.bind("dora.registry.groups", Bindable.listOf(String.class))
			.orElse(List.of());
		return DoraSecurity.checker(security, groups, sharedReplays.getIfUnique());
	}

	@Bean
	@ConditionalOnMissingBean(DoraServerFactory.class)
	NettyDoraServerFactory doraServerFactory(DoraServerProperties properties, ObjectProvider<SignatureChecker> signatures,
			DoraJsonCodec codec, ObjectProvider<SslBundles> sslBundles, FrameBufferBudget budget,
			ObjectProvider<DoraServerCustomizer> customizers) {
		int maxFrameLength = (int) properties.getMaxFrameLength().toBytes();
		DoraServerSettings settings = settings(properties, properties.getPort(), budget);
		int compressionThreshold = properties.getCompression().writerThreshold();
		ClientAuth clientAuth = switch (properties.getSsl().getClientAuth()) {
			case NONE -> ClientAuth.NONE;
			case WANT -> ClientAuth.OPTIONAL;
			case NEED -> ClientAuth.REQUIRE;
		};
		NettyDoraServerFactory factory = new NettyDoraServerFactory(settings,
				new DoraFrameWriter(codec, maxFrameLength, compressionThreshold));
		SignatureChecker checker = signatures.getIfUnique();
		factory.setFrameVerifier((checker != null) ? new FrameVerifier(checker) : null);
		factory.setSslContext(DoraSecurity.serverTls(properties.getSsl().getBundle(), clientAuth, sslBundles));
		factory.setClientCertificatesRequired(properties.getSsl().getClientAuth() == DoraServerProperties.ClientAuth.NEED);
		factory.setBudget(budget);
		factory.setCustomizers(customizers.orderedStream().toList());
		return factory;
	}

	@Bean("io.dora.server.DoraServer")
	@ConditionalOnMissingBean
	DoraServer doraServer(DoraServerFactory factory, DoraDispatcher dispatcher) {
		return factory.getServer(dispatcher);
	}

	@Bean("io.dora.server.context.DoraServerBootstrap")
	@ConditionalOnMissingBean
	DoraServerBootstrap doraServerBootstrap(DoraServer server, DoraApiRegistry registry,
			DoraServerProperties properties) {
		return new DoraServerBootstrap(server, registry, properties.getShutdown().getGracePeriod());
	}

	/** How a port of this provider listens: Dora's own, or the original protocol's. */
	static DoraServerSettings settings(DoraServerProperties properties, int port, FrameBufferBudget budget) {
		return new DoraServerSettings(properties.getAddress(), port, properties.getIoThreads(),
				(int) properties.getMaxFrameLength().toBytes(), properties.getFrameReadTimeout(),
				properties.getIdleTimeout(), properties.getMaxConnections(), budget.limit());
	}

	/** The port for PHP clients of the original Dora RPC, opt-in. */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnBooleanProperty("dora.server.original-protocol.enabled")
	static class OriginalProtocolConfiguration {

		private static final Log logger = LogFactory.getLog(OriginalProtocolConfiguration.class);

		/**
		 * The factory of the original-protocol port. Not a default candidate, here and below: injection by type
		 * and the conditions on Dora's own server, factory and bootstrap keep seeing Dora's port only.
		 */
		@Bean(defaultCandidate = false)
		@ConditionalOnMissingBean(name = "doraOriginalProtocolServerFactory")
		OriginalProtocolServerFactory doraOriginalProtocolServerFactory(DoraServerProperties properties,
				DoraSecurityProperties security, DoraJsonCodec codec, FrameBufferBudget budget) {
			DoraServerProperties.OriginalProtocol original = properties.getOriginalProtocol();
			if (!security.getKeys().isEmpty() && !original.isAllowUnsigned()) {
				String reason = "dora.security.keys makes Dora's own port accept signed requests only, but the "
						+ "original PHP protocol cannot carry Dora's signatures: its CRC-32 \"signature\" is a checksum "
						+ "with a published salt, so anyone who reaches the port could call every handler";
				logger.error("Dora original-protocol port not started: " + reason);
				throw new InvalidDoraConfigurationException("dora.server.original-protocol.enabled", reason,
						"Keep the port reachable only by trusted PHP clients (firewall, private network) and set "
								+ "dora.server.original-protocol.allow-unsigned=true, or disable the port.");
			}
			OriginalWireOptions options = original.toWireOptions();
			OriginalProtocolServerFactory factory = new OriginalProtocolServerFactory(
					settings(properties, original.getPort(), budget), options, codec.mapper());
			factory.setControlAllowed(original.isControlEnabled());
			factory.setBudget(budget);
			return factory;
		}

		@Bean(name = ORIGINAL_PROTOCOL_SERVER_BEAN_NAME, defaultCandidate = false)
		@ConditionalOnMissingBean(name = ORIGINAL_PROTOCOL_SERVER_BEAN_NAME)
		OriginalProtocolServer doraOriginalProtocolServer(
				@Qualifier("doraOriginalProtocolServerFactory") OriginalProtocolServerFactory factory,
				DoraDispatcher dispatcher) {
			return factory.getServer(dispatcher);
		}

		/** Starts the port with Dora's own (when there are handlers) and drains it in the same phase. */
		@Bean(defaultCandidate = false)
		@ConditionalOnMissingBean(name = "doraOriginalProtocolServerBootstrap")
		DoraServerBootstrap doraOriginalProtocolServerBootstrap(
				@Qualifier(ORIGINAL_PROTOCOL_SERVER_BEAN_NAME) DoraServer server, DoraApiRegistry registry,
				DoraServerProperties properties) {
			return new DoraServerBootstrap(server, registry, properties.getShutdown().getGracePeriod(),
					OriginalProtocolServerInitializedEvent::new);
		}

	}

	/** The replay memory shared through the application's Redis, with {@code dora.security.replay-memory=redis}. */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ RedisConnectionFactory.class, Mono.class })
	@ConditionalOnProperty(name = "dora.security.replay-memory", havingValue = "redis")
	static class RedisReplayMemoryConfiguration {

		@Bean
		@ConditionalOnMissingBean
		@ConditionalOnBean(RedisConnectionFactory.class)
		SharedReplayMemory doraSharedReplayMemory(RedisConnectionFactory connectionFactory, Environment environment) {
			return new RedisReplayMemory(connectionFactory,
					environment.getProperty("dora.registry.key-prefix", DoraRegistryProperties.DEFAULT_KEY_PREFIX));
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnMissingBean(name = EXECUTOR_BEAN_NAME)
	static class ExecutorConfiguration {

		@Bean(name = EXECUTOR_BEAN_NAME, destroyMethod = "shutdown")
		@ConditionalOnThreading(Threading.PLATFORM)
		ThreadPoolExecutor doraServerExecutor(DoraServerProperties properties) {
			int threads = properties.getBusinessThreads();
			ThreadPoolExecutor executor = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS,
					new LinkedBlockingQueue<>(), new DefaultThreadFactory("dora-worker", true));
			executor.allowCoreThreadTimeOut(true);
			return executor;
		}

		@Bean(name = EXECUTOR_BEAN_NAME)
		@ConditionalOnThreading(Threading.VIRTUAL)
		VirtualThreadTaskExecutor doraServerVirtualExecutor() {
			return new VirtualThreadTaskExecutor("dora-worker-");
		}

	}

}
