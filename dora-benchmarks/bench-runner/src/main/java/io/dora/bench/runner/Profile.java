package io.dora.bench.runner;

import java.util.List;

/**
 * How much to run: the quick pass (a few minutes, fewer peers and sizes, one run), the full set (every peer and
 * scenario, three interleaved runs, 30 s of JVM warm-up because fresh JVMs on two shared cores need 20-30 s), or the
 * target rows only with the full set's peers, timings and runs.
 *
 * @param name quick, targets or full
 * @param runs runs of every peer, interleaved
 * @param jvmWarmupSeconds warm-up of each fresh driver and server pair before the first scenario
 * @param warmupSeconds warm-up of each scenario
 * @param measureSeconds measurement window of each scenario
 * @param peers peers in the order of a run
 * @param rpcScenarios scenarios of the RPC peers
 * @param httpScenarios scenarios of the HTTP peers with the Java client
 * @param wrkLoads wrk loads of the HTTP peers as {@code operation:connections}
 * @param footprintRuns starts of each application for time to ready and RSS
 */
record Profile(String name, int runs, int jvmWarmupSeconds, int warmupSeconds, int measureSeconds, List<String> peers,
		List<String> rpcScenarios, List<String> httpScenarios, List<String> wrkLoads, int footprintRuns) {

	static Profile named(String name) {
		return switch (name) {
			case "quick" -> new Profile("quick", 1, 8, 3, 4,
					List.of("dora", "dora-pool", "dora-cbor", "raw-netty", "grpc-direct", "dubbo-hessian2", "dubbo-fastjson2",
							"dora-http", "mvc"),
					List.of("sync:getUser:1", "sync:getUser:32", "sync:listUser:32", "sync:echo:32", "fanout:10",
							"async:1024", "collect:1024", "oneway:1", "oneway:32"),
					List.of("sync:getUser:1", "sync:getUser:32"), List.of("getUser:16"), 1);
			case "full" -> new Profile("full", 3, 30, 10, 10,
					List.of("dora", "dora-cbor", "raw-netty", "grpc", "grpc-direct", "dubbo-hessian2", "dubbo-fastjson2", "dora-http",
							"mvc"),
					List.of("sync:getUser:1", "sync:getUser:4", "sync:getUser:32", "sync:getUser:128",
							"sync:existUser:1", "sync:existUser:32", "sync:createUser:1", "sync:createUser:32",
							"sync:listUser:1", "sync:listUser:32", "sync:echo:1", "sync:echo:32", "fanout:2", "fanout:5",
							"fanout:10", "async:16", "async:256", "async:1024", "collect:16", "collect:256", "collect:1024",
							"oneway:1", "oneway:32"),
					List.of("sync:getUser:1", "sync:getUser:32", "sync:listUser:1", "sync:listUser:32",
							"sync:createUser:1", "sync:createUser:32"),
					List.of("getUser:1", "getUser:16", "getUser:64", "listUser:16"), 3);
			// The rows the targets are set on, with the full set's timings and runs: about 1 h 40 min instead of nearly three hours.
			case "targets" -> new Profile("targets", 3, 30, 10, 10,
					List.of("dora", "dora-pool", "dora-cbor", "raw-netty", "grpc", "grpc-direct", "dubbo-hessian2", "dubbo-fastjson2",
							"dora-http", "mvc"),
					List.of("sync:getUser:1", "sync:getUser:32", "sync:listUser:32", "sync:echo:1", "sync:echo:32",
							"fanout:10", "async:1024", "collect:1024", "oneway:1", "oneway:32"),
					List.of("sync:getUser:1", "sync:getUser:32"), List.of("getUser:16", "getUser:64"), 3);
			// What request signing costs per call: unsigned, signed with the replay memory in the provider, and with
			// the replay memory shared through Redis (one SET NX PX per call).
			case "signing" -> new Profile("signing", 1, 15, 5, 10, List.of("dora", "dora-signed", "dora-signed-redis"),
					List.of("sync:getUser:1", "sync:getUser:32"), List.of(), List.of(), 1);
			// What the declarative client costs over DoraTemplate: the same sync calls, through dora.call(...) and
			// through a @DoraClient interface.
			case "declarative" -> new Profile("declarative", 1, 15, 5, 10, List.of("dora", "dora-declarative"),
					List.of("sync:getUser:1", "sync:getUser:32"), List.of(), List.of(), 1);
			// Time to ready, classes loaded, beans and RSS only: five interleaved starts of every application, no load.
			case "startup" -> new Profile("startup", 1, 0, 0, 0, List.of(), List.of(), List.of(), List.of(), 5);
			default -> throw new IllegalArgumentException(
					"unknown profile " + name + " (quick, targets, full, signing, declarative or startup)");
		};
	}

	Profile with(Integer runs, Integer jvmWarmup, Integer warmup, Integer measure, List<String> peers,
			List<String> scenarios) {
		return new Profile(this.name, (runs != null) ? runs : this.runs,
				(jvmWarmup != null) ? jvmWarmup : this.jvmWarmupSeconds, (warmup != null) ? warmup : this.warmupSeconds,
				(measure != null) ? measure : this.measureSeconds, (peers != null) ? peers : this.peers,
				(scenarios != null) ? scenarios : this.rpcScenarios, (scenarios != null) ? scenarios : this.httpScenarios,
				(scenarios != null) ? List.of() : this.wrkLoads, this.footprintRuns);
	}

}
