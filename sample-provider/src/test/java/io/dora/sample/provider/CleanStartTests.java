package io.dora.sample.provider;

import java.util.List;
import java.util.stream.Stream;

import io.dora.test.Await;
import io.dora.test.RedisServerProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.redis.core.StringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sample provider starts, registers in a real Redis and stops without a single WARN line, with the starter's
 * dependencies as an application gets them and no logging levels turned down to hide anything.
 */
@ExtendWith(OutputCaptureExtension.class)
class CleanStartTests {

	@Test
	void startsRegistersAndStopsWithoutWarnings(CapturedOutput output) throws Exception {
		try (RedisServerProcess redis = RedisServerProcess.startPrivate()) {
			List<String> arguments = Stream
				.concat(Stream.of("--server.port=0", "--management.server.port=0", "--dora.server.port=0",
						"--dora.security.keys.demo=clean-start-test-secret-0123456789"),
						Stream.of(redis.springProperties()).map((property) -> "--" + property))
				.toList();
			try (ConfigurableApplicationContext context = new SpringApplicationBuilder(SampleProviderApplication.class)
				.run(arguments.toArray(String[]::new))) {
				// Registered: Lettuce opened the Redis connections it used to warn about.
				StringRedisTemplate redisTemplate = context.getBean(StringRedisTemplate.class);
				Await.until("registered in Redis", () -> !redisTemplate.keys("*").isEmpty());
			}
		}
		assertThat(output.getAll().lines().filter((line) -> line.contains(" WARN "))).isEmpty();
		assertThat(output.getAll()).contains("Dora server started on");
	}

}
