package io.dora.discovery.redis;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import org.springframework.data.redis.core.script.RedisScript;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The registry's Lua scripts declare every key they touch: Redis Cluster routes a script by its declared keys and
 * rejects keys of another slot, and a key that is not declared may live on another node. (The Cluster tests run
 * every script on every master.)
 */
class RedisRegistryScriptsTests {

	/** Commands the scripts use that take no key: the server's clock and replication id, and the change channel. */
	private static final Set<String> KEYLESS = Set.of("TIME", "INFO", "PUBLISH");

	private static final Pattern CALL = Pattern.compile("redis\\.p?call\\('([A-Z]+)'(?:,\\s*([^,)]+))?");

	@Test
	void everyKeyAScriptTouchesIsADeclaredKey() {
		Map<String, RedisScript<?>> scripts = Map.of("heartbeat", RedisRegistryOperations.HEARTBEAT, "deregister",
				RedisRegistryOperations.DEREGISTER, "read", RedisRegistryOperations.READ);
		scripts.forEach((name, script) -> {
			List<String> calls = new ArrayList<>();
			Matcher call = CALL.matcher(script.getScriptAsString());
			while (call.find()) {
				calls.add(call.group());
				if (!KEYLESS.contains(call.group(1))) {
					assertThat(call.group(2)).as("the key of %s in the %s script", call.group(1), name)
						.matches("KEYS\\[[^]]+]");
				}
			}
			assertThat(calls).as("calls of the %s script", name).isNotEmpty();
		});
	}

}
