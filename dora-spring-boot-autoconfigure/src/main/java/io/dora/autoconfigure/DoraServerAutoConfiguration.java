package io.dora.autoconfigure;

import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import java.util.List;

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
import io.dora.protocol.FrameVerifier;
import io.dora.protocol.SharedReplayMemory;
import io.dora.protocol.SignatureChecker;
import io.dora.protocol.original.OriginalWireOptions;
import io.dora.server.DoraServerLifecycle;
import io.dora.server.DoraServerSettings;
import io.dora.server.NettyDoraServer;
import io.dora.server.original.OriginalProtocolServer;
import io.dora.server.original.OriginalProtocolServerLifecycle;
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
 * HTTP, the business executor and the TCP server. Active when a bean declares {@code @DoraApi}; switched off with
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

	@Bean
	@ConditionalOnMissingBean
	@Role(BeanDefinition.ROLE_INFRASTRUCTURE)
	static DoraApiRegistry doraApiRegistry() {
		return new DoraApiRegistry();
	}

	@Bean
	@Role(BeanDefinition.ROLE_INFRASTRUCTURE)
	static DoraApiBeanPostProcessor doraApiBeanPostProcessor(DoraApiRegistry doraApiRegistry) {
		return new DoraApiBeanPostProcessor(doraApiRegistry);
	}

	@Bean
	@ConditionalOnMissingBean
	DoraServerStats doraServerStats() {
		return new DoraServerStats();
	}

	@Bean
	@ConditionalOnMissingBean
	DoraDispatcher doraDispatcher(DoraApiRegistry registry, DoraJsonCodec codec, DoraServerStats stats,
			@Qualifier(EXECUTOR_BEAN_NAME) Executor executor, DoraServerProperties properties,
			ObjectProvider<ObservationRegistry> observationRegistry,
			ObjectProvider<DoraServerObservationConvention> observationConvention) {
		DoraApiInvoker invoker = new DoraApiInvoker(registry, codec, stats,
				observationRegistry.getIfUnique(() -> ObservationRegistry.NOOP), observationConvention.getIfUnique());
		InFlightLimiter limiter = new InFlightLimiter(properties.getBusinessThreads() + properties.getQueueCapacity());
		RecentCallCache recentCalls = new RecentCallCache(properties.getDeduplication().getMaxEntries(),
				properties.getDeduplication().getWindow());
		DoraDispatcher[] self = new DoraDispatcher[1];
		DoraControlCommands control = new DoraControlCommands(properties.getControl().isEnabled(),
				() -> self[0].statistics());
		self[0] = new DoraDispatcher(invoker, executor, limiter, stats, control, recentCalls,
				properties.getMaxApisPerRequest(), properties.isRunNonBlockingOnIoThread());
		return self[0];
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
	@ConditionalOnMissingBean
	NettyDoraServer doraServer(DoraServerProperties properties, ObjectProvider<SignatureChecker> signatures,
			DoraDispatcher dispatcher, DoraJsonCodec codec, ObjectProvider<SslBundles> sslBundles,
			FrameBufferBudget budget) {
		int maxFrameLength = (int) properties.getMaxFrameLength().toBytes();
		DoraServerSettings settings = settings(properties, properties.getPort(), budget);
		int compressionThreshold = properties.getCompression().isEnabled()
				? (int) properties.getCompression().getThreshold().toBytes() : -1;
		ClientAuth clientAuth = switch (properties.getSsl().getClientAuth()) {
			case NONE -> ClientAuth.NONE;
			case WANT -> ClientAuth.OPTIONAL;
			case NEED -> ClientAuth.REQUIRE;
		};
		SignatureChecker checker = signatures.getIfUnique();
		return new NettyDoraServer(settings, dispatcher, new DoraFrameWriter(codec, maxFrameLength, compressionThreshold),
				(checker != null) ? new FrameVerifier(checker) : null,
				DoraSecurity.serverTls(properties.getSsl().getBundle(), clientAuth, sslBundles), budget,
				properties.getSsl().getClientAuth() == DoraServerProperties.ClientAuth.NEED);
	}

	@Bean
	@ConditionalOnMissingBean
	DoraServerLifecycle doraServerLifecycle(NettyDoraServer server, DoraApiRegistry registry,
			DoraServerProperties properties) {
		return new DoraServerLifecycle(server, registry, properties.getShutdown().getGracePeriod());
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

		@Bean
		@ConditionalOnMissingBean
		OriginalProtocolServer doraOriginalProtocolServer(DoraServerProperties properties,
				DoraSecurityProperties security, DoraDispatcher dispatcher, DoraJsonCodec codec,
				FrameBufferBudget budget) {
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
			OriginalWireOptions options = new OriginalWireOptions(original.isCrcSignature(), original.getSalt(),
					original.isCompression());
			return new OriginalProtocolServer(settings(properties, original.getPort(), budget), budget, dispatcher,
					options, codec.mapper(), original.isControlEnabled());
		}

		@Bean
		@ConditionalOnMissingBean
		OriginalProtocolServerLifecycle doraOriginalProtocolServerLifecycle(OriginalProtocolServer server,
				DoraApiRegistry registry, DoraServerProperties properties) {
			return new OriginalProtocolServerLifecycle(server, registry, properties.getShutdown().getGracePeriod());
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
