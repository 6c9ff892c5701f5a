#!/usr/bin/env bash
# Builds everything and runs the benchmark. Usage, from anywhere:
#   dora-benchmarks/bench.sh quick            # a few minutes: fewer peers and sizes, one run
#   dora-benchmarks/bench.sh targets          # every peer, the rows with targets, three interleaved runs (about 1 h 40 min)
#   dora-benchmarks/bench.sh full             # every peer and scenario, three interleaved runs (about 2 h 45 min)
#   dora-benchmarks/bench.sh startup          # time to ready, classes, beans and RSS only: five interleaved starts
#                                             of web app / + Dora starter, web app + Spring Data Redis / + Dora with
#                                             Redis discovery, sample-provider and the Dubbo starter app
# Further options go to the runner: --runs N --jvm-warmup S --warmup S --measure S --peers a,b --footprint false
# Needs JDK 17+, Maven 3.8+, and wrk for the HTTP server-capacity rows (Debian: apt-get install wrk).
set -euo pipefail
cd "$(dirname "$0")/.."
profile="${1:-quick}"
shift || true
mvn -B -q -DskipTests package
runner=dora-benchmarks/bench-runner/target
exec java -cp "$runner/classes:$(cat "$runner/classpath.txt")" io.dora.bench.runner.BenchmarkRunner \
	--profile "$profile" "$@"
