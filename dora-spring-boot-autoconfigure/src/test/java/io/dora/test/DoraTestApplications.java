package io.dora.test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.dora.autoconfigure.DoraClientAutoConfiguration;
import io.dora.autoconfigure.DoraDiscoveryAutoConfiguration;
import io.dora.autoconfigure.DoraServerAutoConfiguration;
import io.dora.autoconfigure.DoraWebMvcAutoConfiguration;
import io.dora.client.DoraTemplate;
import io.dora.discovery.CompositeServiceDiscovery;
import io.dora.discovery.DoraGroupView;
import io.dora.discovery.DoraServiceDiscovery;
import io.dora.discovery.redis.RedisRegistration;
import io.dora.discovery.redis.RedisServiceDiscovery;
import io.dora.server.DoraServer;
import io.lettuce.core.resource.Delay;

import org.springframework.boot.Banner;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.data.redis.autoconfigure.ClientResourcesBuilderCustomizer;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.http.converter.autoconfigure.HttpMessageConvertersAutoConfiguration;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.servlet.autoconfigure.MultipartAutoConfiguration;
import org.springframework.boot.tomcat.autoconfigure.servlet.TomcatServletWebServerAutoConfiguration;
import org.springframework.boot.webmvc.autoconfigure.DispatcherServletAutoConfiguration;
import org.springframework.boot.webmvc.autoconfigure.WebMvcAutoConfiguration;
import org.springframework.boot.webmvc.autoconfigure.error.ErrorMvcAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;

/**
 * Real Spring Boot applications for discovery tests: providers serving {@link TestHandlers} and
 * {@link ProviderHandlers}, and consumers, all using Redis through Spring Boot's Redis auto-configuration. Everything
 * listens on 127.0.0.1 and uses short intervals so that tests stay quick.
 */
public final class DoraTestApplications {

	private DoraTestApplications() {
	}

	/** Properties every test application gets: loopback only, short registry intervals. */
	public static List<String> common(RedisServerProcess redis, String keyPrefix) {
		List<String> properties = new ArrayList<>(List.of(redis.springProperties()));
		properties.addAll(List.of("spring.data.redis.timeout=500ms", "spring.data.redis.connect-timeout=500ms",
				"dora.registry.key-prefix=" + keyPrefix, "dora.registry.heartbeat-interval=200ms",
				"dora.registry.ttl=1s", "dora.registry.empty-group-grace-period=2s", "dora.registry.drain-delay=300ms",
				"dora.registry.refresh-interval=2s",
				"dora.server.port=0", "dora.server.address=127.0.0.1", "dora.server.shutdown.grace-period=10s",
				"dora.client.timeout=5s"));
		return properties;
	}

	/** Properties of a provider named {@code name} in the given groups. */
	public static List<String> providerProperties(RedisServerProcess redis, String keyPrefix, String name,
			String... groups) {
		List<String> properties = common(redis, keyPrefix);
		properties.add("test.provider.name=" + name);
		properties.add("dora.registry.groups=" + String.join(",", groups));
		return properties;
	}

	/** Starts a provider in this JVM; close it to shut it down gracefully. */
	public static ConfigurableApplicationContext provider(RedisServerProcess redis, String keyPrefix, String name,
			String... groups) {
		return run(ProviderApplication.class, providerProperties(redis, keyPrefix, name, groups));
	}

	/** Starts a consumer in this JVM. */
	public static ConfigurableApplicationContext consumer(RedisServerProcess redis, String keyPrefix,
			String... extraProperties) {
		List<String> properties = common(redis, keyPrefix);
		properties.addAll(List.of(extraProperties));
		return run(ConsumerApplication.class, properties);
	}

	public static ConfigurableApplicationContext run(Class<?> application, List<String> properties) {
		return new SpringApplicationBuilder(application).web(WebApplicationType.NONE)
			.bannerMode(Banner.Mode.OFF)
			.logStartupInfo(false)
			.registerShutdownHook(false)
			.properties(properties.toArray(String[]::new))
			.run();
	}

	public static DoraTemplate template(ConfigurableApplicationContext context) {
		return context.getBean(DoraTemplate.class);
	}

	/** The Redis part of a consumer's discovery. */
	public static RedisServiceDiscovery redisDiscovery(ConfigurableApplicationContext context) {
		DoraServiceDiscovery discovery = context.getBean(DoraServiceDiscovery.class);
		return ((CompositeServiceDiscovery) discovery).find(RedisServiceDiscovery.class);
	}

	public static int port(ConfigurableApplicationContext provider) {
		return provider.getBean(DoraServer.class).port();
	}

	public static String endpoint(ConfigurableApplicationContext provider) {
		return "127.0.0.1:" + port(provider);
	}

	public static boolean isRegistered(ConfigurableApplicationContext provider) {
		return provider.getBean(RedisRegistration.class).isRegistered();
	}

	/** Waits until the consumer's view of the group holds {@code count} providers that are not draining. */
	public static void awaitProviders(ConfigurableApplicationContext consumer, String group, int count) {
		RedisServiceDiscovery discovery = redisDiscovery(consumer);
		Await.until(count + " providers in " + group, Duration.ofSeconds(20),
				() -> discovery.view(group).instances().stream().filter((i) -> !i.draining()).count() == count,
				() -> discovery.view(group).toString());
	}

	/** Whether the view lists the endpoint as draining. */
	public static boolean isDraining(DoraGroupView view, String endpoint) {
		return view.instances().stream().anyMatch((i) -> i.endpoint().toString().equals(endpoint) && i.draining());
	}

	/** Calls {@code /whoami} and counts the answers by provider name. */
	public static Map<String, Integer> whoAnswers(DoraTemplate template, int calls) {
		Map<String, Integer> answers = new ConcurrentHashMap<>();
		for (int i = 0; i < calls; i++) {
			answers.merge(template.call("/whoami", null, String.class), 1, Integer::sum);
		}
		return answers;
	}

	/** Auto-configuration as an application with Redis gets it. */
	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration({ JacksonAutoConfiguration.class, DataRedisAutoConfiguration.class,
			DoraServerAutoConfiguration.class, DoraDiscoveryAutoConfiguration.class,
			DoraClientAutoConfiguration.class })
	@Import(QuickRedisReconnect.class)
	public static class ConsumerApplication {

	}

	/** A provider of the test handlers; it is a consumer too. */
	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration({ JacksonAutoConfiguration.class, DataRedisAutoConfiguration.class,
			DoraServerAutoConfiguration.class, DoraDiscoveryAutoConfiguration.class,
			DoraClientAutoConfiguration.class })
	@Import(QuickRedisReconnect.class)
	public static class ProviderApplication {

		@Bean
		TestHandlers testHandlers() {
			return new TestHandlers();
		}

		@Bean
		ProviderHandlers providerHandlers(Environment environment) {
			return new ProviderHandlers(environment);
		}

	}

	/**
	 * A provider of the test handlers as a servlet web application on Tomcat, with Dora's HTTP endpoint: Spring
	 * MVC's auto-configuration and Dora's, without the rest of the test classpath.
	 */
	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration({ JacksonAutoConfiguration.class, TomcatServletWebServerAutoConfiguration.class,
			DispatcherServletAutoConfiguration.class, WebMvcAutoConfiguration.class,
			HttpMessageConvertersAutoConfiguration.class, MultipartAutoConfiguration.class,
			ErrorMvcAutoConfiguration.class, DoraServerAutoConfiguration.class, DoraWebMvcAutoConfiguration.class,
			DoraClientAutoConfiguration.class })
	public static class WebProviderApplication {

		@Bean
		TestHandlers testHandlers() {
			return new TestHandlers();
		}

	}

	/**
	 * Lettuce reconnects every 100 ms instead of backing off up to 30 s, as DISCOVERY.md recommends: tests that
	 * restart Redis then wait for Dora, not for the client's back-off.
	 */
	@Configuration(proxyBeanMethods = false)
	static class QuickRedisReconnect {

		@Bean
		ClientResourcesBuilderCustomizer quickRedisReconnect() {
			return (builder) -> builder.reconnectDelay(Delay.constant(Duration.ofMillis(100)));
		}

	}

}
