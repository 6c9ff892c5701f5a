package io.dora.bench.core;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The command line of a driver JVM: {@code --name value} pairs. Common ones are read here; peer-specific ones
 * ({@code --target}, ...) are left for the peer's client factory.
 */
public final class DriverOptions {

	private final Map<String, String> values = new LinkedHashMap<>();

	public DriverOptions(String[] args) {
		for (int i = 0; i < args.length; i++) {
			String arg = args[i];
			if (!arg.startsWith("--")) {
				throw new IllegalArgumentException("expected --name value, got " + arg);
			}
			int equals = arg.indexOf('=');
			if (equals > 0) {
				this.values.put(arg.substring(2, equals), arg.substring(equals + 1));
			}
			else {
				this.values.put(arg.substring(2), (i + 1 < args.length) ? args[++i] : "");
			}
		}
	}

	public String get(String name, String fallback) {
		return this.values.getOrDefault(name, fallback);
	}

	public String require(String name) {
		String value = this.values.get(name);
		if (value == null) {
			throw new IllegalArgumentException("--" + name + " is required");
		}
		return value;
	}

	public int getInt(String name, int fallback) {
		String value = this.values.get(name);
		return (value != null) ? Integer.parseInt(value) : fallback;
	}

	public String peer() {
		return require("peer");
	}

	public long serverPid() {
		return Long.parseLong(get("server-pid", "-1"));
	}

	public int warmupSeconds() {
		return getInt("warmup", 10);
	}

	public int measureSeconds() {
		return getInt("measure", 10);
	}

	public int jvmWarmupSeconds() {
		return getInt("jvm-warmup", 20);
	}

	public int run() {
		return getInt("run", 1);
	}

	public List<String> scenarios() {
		return new ArrayList<>(Arrays.asList(require("scenarios").split(",")));
	}

}
