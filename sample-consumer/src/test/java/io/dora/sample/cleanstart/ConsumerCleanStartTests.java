package io.dora.sample.cleanstart;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.LongStream;
import java.util.stream.Stream;

import io.dora.DoraException;
import io.dora.annotation.DoraApi;
import io.dora.handler.DoraApiHandler;
import io.dora.handler.DoraCallContext;
import io.dora.sample.api.User;
import io.dora.sample.api.UserApi;
import io.dora.sample.api.UserQuery;
import io.dora.sample.consumer.SampleConsumerApplication;
import io.dora.test.Await;
import io.dora.test.RedisServerProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.core.StringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sample consumer, as it is configured, starts, finds a provider through a real Redis, calls it in every mode
 * and stops without a single WARN or ERROR line, with the starter's dependencies as an application gets them and
 * no logging levels changed to hide anything. The provider is a plain application of this test serving what the
 * consumer calls (this package is outside the consumer's component scan).
 */
@ExtendWith(OutputCaptureExtension.class)
class ConsumerCleanStartTests {

	private static final String KEY = "--dora.security.keys.demo=consumer-clean-start-secret-0123456789";

	@Test
	void callsAProviderFoundThroughRedisAndStopsWithoutWarnings(CapturedOutput output) throws Exception {
		try (RedisServerProcess redis = RedisServerProcess.startPrivate()) {
			List<String> redisArguments = Stream.of(redis.springProperties()).map((property) -> "--" + property)
				.toList();
			try (ConfigurableApplicationContext provider = new SpringApplicationBuilder(Provider.class)
				.run(arguments(redisArguments, "--spring.application.name=clean-start-provider",
						"--spring.jmx.enabled=false", "--dora.server.port=0", "--dora.server.address=127.0.0.1",
						"--dora.server.control.enabled=true", "--dora.registry.groups=group1"))) {
				StringRedisTemplate redisTemplate = provider.getBean(StringRedisTemplate.class);
				Await.until("provider registered in Redis", () -> !redisTemplate.keys("*").isEmpty());
				try (ConfigurableApplicationContext consumer = new SpringApplicationBuilder(
						SampleConsumerApplication.class)
					.run(arguments(redisArguments, "--sample.consumer.iterations=1"))) {
					assertThat(SpringApplication.exit(consumer)).isZero();
				}
			}
		}
		assertThat(output.getAll()).contains("DEMO OK: every call returned its result")
			.contains("UserApi.get (mode 0) -> User[id=7, name=user-7, servedBy=clean-start]")
			.contains("groups as this consumer sees them: {\"group1\":");
		assertThat(output.getAll().lines().filter((line) -> line.contains(" WARN ") || line.contains(" ERROR ")))
			.isEmpty();
	}

	private static String[] arguments(List<String> redis, String... others) {
		List<String> arguments = new ArrayList<>(redis);
		arguments.add(KEY);
		arguments.addAll(List.of(others));
		return arguments.toArray(String[]::new);
	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class Provider {

		@Bean
		Users users() {
			return new Users();
		}

		@Bean
		Echo echo() {
			return new Echo();
		}

	}

	/** The shared contract, served the way the sample provider serves it. */
	static class Users implements UserApi {

		@Override
		public User get(UserQuery query) {
			return user(query.id());
		}

		@Override
		public List<User> list(int count) {
			return LongStream.range(0, count).mapToObj(Users::user).toList();
		}

		@Override
		public CompletableFuture<User> find(UserQuery query) {
			return CompletableFuture.completedFuture(user(query.id()));
		}

		@Override
		public void audit(String event) {
		}

		private static User user(long id) {
			return new User(id, "user-" + id, "clean-start");
		}

	}

	/** Every other name the consumer's seed example calls answers with what it was sent; one refuses. */
	@DoraApi("/**")
	static class Echo implements DoraApiHandler<Object, Map<String, Object>> {

		@Override
		public Map<String, Object> handle(Object param, DoraCallContext context) {
			if (context.apiName().equals("/module_x/refuse")) {
				throw new DoraException(4001, "refused on purpose");
			}
			return Map.of("api", context.apiName(), "param", (param != null) ? param : "none");
		}

	}

}
