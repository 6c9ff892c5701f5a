#!/usr/bin/env bash
# Builds everything and runs the soak: a provider JVM and this caller, every call mode over TCP and HTTP at 70 % of
# measured capacity. Usage, from anywhere:
#   dora-benchmarks/soak.sh          # ten minutes
#   dora-benchmarks/soak.sh 30m      # any duration (s or m)
# Exits non-zero when a call failed, something was lost, or heap, threads or open files grew.
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -DskipTests package
soak=dora-benchmarks/bench-soak/target
exec java -Xms256m -Xmx256m -cp "$soak/classes:$(cat "$soak/classpath.txt")" io.dora.bench.soak.SoakRun "${1:-10m}"
