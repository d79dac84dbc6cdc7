#!/usr/bin/env bash
# What reading the active policy version from PostgreSQL costs per rule check (BENCHMARKS.md,
# "Policy versions"). Compiles the modules it needs (never installs), then runs
# bench/policy/ActiveVersionReadCost.java with the policy module's classpath.
#
#   BENCH_DB_URL [jdbc:postgresql://localhost:5432/postgres]  a migrated database (seeded if empty)
#   N [20000] decisions per round and kind, ROUNDS [6]
set -euo pipefail
cd "$(dirname "$0")/.."
CP_FILE=$(mktemp)
trap 'rm -f "$CP_FILE"' EXIT
./mvnw -B -q -pl activities/policy -am compile dependency:build-classpath \
  -Dmdep.outputFile="$CP_FILE" -Dmdep.includeScope=runtime >/dev/null
CP="$(cat "$CP_FILE"):activities/policy/target/classes"
java -cp "$CP" bench/policy/ActiveVersionReadCost.java 2>&1 | grep -v -E ' (DEBUG|INFO) '
