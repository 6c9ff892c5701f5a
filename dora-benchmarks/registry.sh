#!/usr/bin/env bash
# Builds everything and runs the registry-at-scale benchmark against a private Redis (the redis-server on the PATH,
# else embedded-redis's). Usage, from anywhere:
#   dora-benchmarks/registry.sh                      # 1 000 providers in 100 groups, 200 consumers (about 5 min)
#   dora-benchmarks/registry.sh --providers 10000    # any option: --providers --groups --consumers
#                                                    # --groups-per-consumer --provider-connections --heartbeat --ttl
#                                                    # --refresh --warmup --measure --events --restart --reconnect
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -DskipTests package
registry=dora-benchmarks/bench-registry/target
exec java -Xms1g -Xmx2g -XX:+UseG1GC -cp "$registry/classes:$(cat "$registry/classpath.txt")" \
	io.dora.bench.registry.RegistryBenchmark "$@"
