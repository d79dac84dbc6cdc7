#!/usr/bin/env bash
# The earned-autonomy statistics benchmark (BENCHMARKS.md, "Autonomy: statistics over the audit
# trail"): GET /api/v1/autonomy's one query over 1,000,000 seeded audit events, against a plain
# count(*) over the same rows in the same run.
#
# Parameters (environment variables, defaults in brackets):
#   DB [bench_autonomy]   PostgreSQL database on localhost:5432; created if missing, migrated, and
#                         seeded once (later runs reuse the rows)
#   EVENTS [1000000]      audit events to seed (5 per action)
set -euo pipefail
cd "$(dirname "$0")/.."

DB=${DB:-bench_autonomy}
if ! psql -h localhost -U postgres -lqt | cut -d'|' -f1 | grep -qw "$DB"; then
  createdb -h localhost -U postgres "$DB"
fi

mkdir -p bench/target
./mvnw -q -B -o -pl bench -am test-compile dependency:build-classpath \
  -Dmdep.outputFile="$PWD/bench/target/autonomy-classpath.txt" -Dmdep.includeScope=runtime

java -Xms256m -Xmx256m -Ddb="jdbc:postgresql://localhost:5432/$DB" -Devents="${EVENTS:-1000000}" \
  -cp "bench/target/classes:$(cat bench/target/autonomy-classpath.txt)" \
  com.governedactions.bench.AutonomyBenchmark
