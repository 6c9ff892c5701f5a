package io.dora.autoconfigure;

import java.time.Duration;

import io.dora.discovery.redis.RedisReplayMemory;
import io.dora.protocol.FrameBufferBudget;
import io.dora.security.SharedReplayMemory;
import io.dora.security.SignatureChecker;
import io.dora.test.DoraTestContexts;
import io.dora.test.TestHandlers;
import io.dora.web.DoraHttpController;
import org.apache.coyote.http11.Http11NioProtocol;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.tomcat.TomcatProtocolHandlerCustomizer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The provider's security configuration: the signature checker and its audiences, the replay memory, the body budget
 * shared by TCP and HTTP, and the body read timeout applied to Tomcat.
 */
class DoraSecurityAutoConfigurationTests {

	private static final String KEY = "dora.security.keys.k1=configuration-test-secret-0123";

	private final WebApplicationContextRunner web = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, DoraServerAutoConfiguration.class,
				DoraClientAutoConfiguration.class, DoraWebMvcAutoConfiguration.class))
		.withPropertyValues("dora.server.port=0", "dora.server.address=127.0.0.1")
		.withBean(TestHandlers.class);

	@Test
	void withoutKeysThereIsNoChecker() {
		DoraTestContexts.provider().run((context) -> assertThat(context).doesNotHaveBean(SignatureChecker.class));
	}

	@Test
	void withKeysTheCheckerAnswersToTheGroupsAndTheConfiguredAudiences() {
		DoraTestContexts.provider()
			.withPropertyValues(KEY, "dora.registry.groups=orders,billing", "dora.security.audiences=legacy")
			.run((context) -> {
				SignatureChecker checker = context.getBean(SignatureChecker.class);
				assertThat(checker.audiences().accepts("orders", null)).isTrue();
				assertThat(checker.audiences().accepts("billing", null)).isTrue();
				assertThat(checker.audiences().accepts("legacy", null)).isTrue();
				assertThat(checker.audiences().accepts("payments", null)).isFalse();
				assertThat(context).doesNotHaveBean(SharedReplayMemory.class);
			});
	}

	@Test
	void theRedisReplayMemoryUsesTheApplicationsRedis() {
		DoraTestContexts.provider()
			.withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class))
			.withPropertyValues(KEY, "dora.security.replay-memory=redis", "dora.registry.key-prefix=shop")
			.run((context) -> {
				assertThat(context).hasSingleBean(SharedReplayMemory.class);
				assertThat(context.getBean(SharedReplayMemory.class)).isInstanceOf(RedisReplayMemory.class);
				assertThat(((RedisReplayMemory) context.getBean(SharedReplayMemory.class)).key(new byte[] { 1, 2 }))
					.isEqualTo("shop:replay:0102");
			});
	}

	@Test
	void theRedisReplayMemoryWithoutRedisFailsAtStartUpSayingWhy() {
		DoraTestContexts.provider()
			.withPropertyValues(KEY, "dora.security.replay-memory=redis")
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(context.getStartupFailure()).rootCause()
					.isInstanceOf(InvalidDoraConfigurationException.class)
					.hasMessageContaining("dora.security.replay-memory");
			});
		DoraTestContexts.provider()
			.withClassLoader(new FilteredClassLoader("org.springframework.data.redis"))
			.withPropertyValues(KEY, "dora.security.replay-memory=redis")
			.run((context) -> assertThat(context).hasFailed());
	}

	@Test
	void theHttpEndpointSharesTheBodyBudgetAndTheCheckerWithTheTcpServer() {
		this.web.withPropertyValues(KEY, "dora.server.max-buffered-bytes=1MB").run((context) -> {
			assertThat(context).hasSingleBean(FrameBufferBudget.class).hasSingleBean(SignatureChecker.class);
			assertThat(context.getBean(FrameBufferBudget.class).limit()).isEqualTo(1024 * 1024);
			assertThat(context).hasSingleBean(DoraHttpController.class);
		});
	}

	@Test
	void tomcatTakesTheBodyReadTimeoutDefaultingToTheFrameReadTimeout() {
		this.web.withPropertyValues("dora.server.frame-read-timeout=7s")
			.run((context) -> assertThat(uploadTimeout(context.getBean(TomcatProtocolHandlerCustomizer.class)))
				.isEqualTo(Duration.ofSeconds(7)));
		this.web.withPropertyValues("dora.server.http.body-read-timeout=1500ms")
			.run((context) -> assertThat(uploadTimeout(context.getBean(TomcatProtocolHandlerCustomizer.class)))
				.isEqualTo(Duration.ofMillis(1500)));
	}

	@SuppressWarnings({ "unchecked", "rawtypes" })
	private static Duration uploadTimeout(TomcatProtocolHandlerCustomizer customizer) {
		Http11NioProtocol protocol = new Http11NioProtocol();
		customizer.customize(protocol);
		assertThat(protocol.getDisableUploadTimeout()).isFalse();
		return Duration.ofMillis(protocol.getConnectionUploadTimeout());
	}

}
