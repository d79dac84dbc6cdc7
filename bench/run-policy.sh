#!/usr/bin/env bash
# The rule-evaluation and policy-simulation benchmark (BENCHMARKS.md, "Policy: rule evaluation and
# simulation"): compiles a 200-rule policy over 20 action types, times decisions of the indexed
# evaluator against the naive evaluate-every-rule loop, and times POST /policy/simulate's work on
# 100,000 recorded requests.
#
# Parameters (environment variables, defaults in brackets):
#   DB [bench_policy]        PostgreSQL database on localhost:5432 for the recorded requests; created
#                            if missing, migrated, and filled once (later runs reuse the rows)
#   FRESH [0]                1 drops and recreates DB first (needed when it was migrated by an
#                            older build whose migration history no longer validates)
#   ROWS [100000]            recorded requests to simulate
#   DECISIONS [500000]       measured decisions per evaluator (after WARMUP of each)
#   WARMUP [300000]
#   BENCH_JAVA_OPTS          extra JVM options
set -euo pipefail
cd "$(dirname "$0")/.."

DB=${DB:-bench_policy}
if [[ ${FRESH:-0} == 1 ]]; then
  dropdb -h localhost -U postgres --if-exists --force "$DB"
fi
if ! psql -h localhost -U postgres -lqt | cut -d'|' -f1 | grep -qw "$DB"; then
  createdb -h localhost -U postgres "$DB"
fi

mkdir -p bench/target
./mvnw -q -B -pl bench -am test-compile dependency:build-classpath \
  -Dmdep.outputFile="$PWD/bench/target/policy-classpath.txt" -Dmdep.includeScope=runtime

# shellcheck disable=SC2086  # the options are meant to split into words
java ${BENCH_JAVA_OPTS:-} -Xms512m -Xmx512m \
  -Ddb="jdbc:postgresql://localhost:5432/$DB" -Drows="${ROWS:-100000}" \
  -Ddecisions="${DECISIONS:-500000}" -Dwarmup="${WARMUP:-300000}" \
  -cp "bench/target/classes:$(cat bench/target/policy-classpath.txt)" \
  com.governedactions.bench.PolicyBenchmark
