package io.dora.discovery;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import io.dora.client.DoraTemplate;
import io.dora.server.original.OriginalProtocolServer;
import io.dora.test.Await;
import io.dora.test.DoraTestApplications;
import io.dora.test.RedisServerProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Discovery in the original's Redis keys, against a real Redis of this test's own (the keys have fixed names): a
 * provider announces its original-protocol port in {@code dora.serverlist} and {@code dora.servertime.*} as the
 * original did, so the original Monitor lists it, and removes itself when it stops; a consumer finds the providers
 * of a group marked {@code protocol: original} there, skipping stale and malformed records.
 */
class OriginalDiscoveryInteropTests {

	private static RedisServerProcess redis;

	private final String prefix = "dora-test-" + UUID.randomUUID().toString().substring(0, 8);

	@BeforeAll
	static void startRedis() {
		redis = RedisServerProcess.startPrivate();
	}

	@AfterAll
	static void stopRedis() {
		redis.close();
	}

	@Test
	void aProviderAnnouncesItsOriginalPortAndAConsumerOfAnOriginalGroupFindsIt() throws Exception {
		long now = System.currentTimeMillis() / 1000;
		redis.command("SADD", "dora.serverlist", "{\"node\":{\"ip\":\"127.0.0.1\",\"port\":1},\"group\":[\"php\"]}",
				"not json at all", "{\"node\":{\"ip\":[]},\"group\":\"php\"}", "x".repeat(10_000));
		redis.command("SET", "dora.servertime.127.0.0.1.1.time", Long.toString(now - 60));
		List<String> provider = DoraTestApplications.providerProperties(redis, this.prefix, "java-a", "php");
		provider.addAll(List.of("dora.server.original-protocol.enabled=true", "dora.server.original-protocol.port=0",
				"dora.server.original-protocol.registry.enabled=true",
				"dora.server.original-protocol.registry.heartbeat-interval=200ms",
				"dora.registry.advertise-address=127.0.0.1"));
		try (ConfigurableApplicationContext java = DoraTestApplications.run(DoraTestApplications.ProviderApplication.class,
				provider)) {
			int port = java.getBean(OriginalProtocolServer.class).port();
			String member = "{\"node\":{\"ip\":\"127.0.0.1\",\"port\":" + port + "},\"group\":[\"php\"]}";
			Await.until("the announcement", () -> members().contains(member));
			String time = (String) redis.command("GET", "dora.servertime.127.0.0.1." + port + ".time");
			assertThat(Long.parseLong(time)).isBetween(now - 1, now + 60);

			try (ConfigurableApplicationContext consumer = DoraTestApplications.consumer(redis, this.prefix,
					"dora.client.groups.php.protocol=original", "dora.registry.refresh-interval=200ms")) {
				DoraServiceDiscovery discovery = consumer.getBean(DoraServiceDiscovery.class);
				Await.until("the PHP group's view", Duration.ofSeconds(10),
						() -> discovery.view("php").instances().size() == 1);
				assertThat(discovery.view("php").instances().get(0).endpoint().port())
					.as("the stale and malformed records are skipped").isEqualTo(port);
				DoraTemplate dora = consumer.getBean(DoraTemplate.class).withGroup("php");
				assertThat(dora.call("/whoami", null, String.class)).isEqualTo("java-a");
			}
			java.close();
			assertThat(members()).doesNotContain(member);
			assertThat(redis.command("GET", "dora.servertime.127.0.0.1." + port + ".time")).isNull();
		}
	}

	@SuppressWarnings("unchecked")
	private static List<String> members() {
		List<String> members = new ArrayList<>();
		try {
			for (Object member : (List<Object>) redis.command("SMEMBERS", "dora.serverlist")) {
				members.add(String.valueOf(member));
			}
		}
		catch (java.io.IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
		return members;
	}

}
