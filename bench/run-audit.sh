#!/usr/bin/env bash
# The audit search and export benchmark (BENCHMARKS.md, "Audit search and export"). Creates the
# database bench_audit if missing (FRESH=1 drops it first), seeds it to ROWS audit events with valid
# per-action hash chains (first run only: a few minutes), then verifies the whole trail as
# GET /audit/verify does, measures GET /audit latency per filter, CSV export beside psql \copy with
# the exporter's peak heap, and the audit writer's ingest rate. Re-runnable: seeding tops up, never
# duplicates.
#
# Parameters (environment variables, defaults in brackets):
#   DB [bench_audit]             database on localhost:5432, user postgres
#   ROWS [5000000]               seeded audit events
#   QUERIES [300]                measured queries per filter (plus a fifth as many to warm up)
#   INGEST_ACTIONS [20000]       actions written per writer (before and after) in the ingest phase, 8 events each
#   INGEST_CONCURRENCY [64]      concurrent callers of the writer (a worker runs up to 200 activities at once)
#   INGEST_CONNECTIONS [8]       pooled connections (the baseline writes that many transactions at once)
#   EXPORT_TYPE [refund]         the export's filter: action_type = this (a quarter of the rows)
#   HEAP [256m]                  -Xmx of the benchmark JVM, which runs the exporter
#   PHASES [verify,search,export,ingest]  which measurements to run (seeding always runs)
#   FRESH [0]                    1 = drop and recreate the database first
#   JDBC_PARAMS []               appended to the JDBC URL, e.g. ?reWriteBatchedInserts=true
#   JAVA_OPTS []                 more JVM options, e.g. -Dbench.ingest.group-transactions=4 -Dbench.ingest.max-group=128
#
# Each run adds INGEST_ACTIONS * 17.6 events (warm-up included) to the database; FRESH=1 starts over.
set -euo pipefail
cd "$(dirname "$0")/.."

DB=${DB:-bench_audit}
ROWS=${ROWS:-5000000}
QUERIES=${QUERIES:-300}
INGEST_ACTIONS=${INGEST_ACTIONS:-20000}
INGEST_CONCURRENCY=${INGEST_CONCURRENCY:-64}
INGEST_CONNECTIONS=${INGEST_CONNECTIONS:-8}
EXPORT_TYPE=${EXPORT_TYPE:-refund}
HEAP=${HEAP:-256m}
PHASES=${PHASES:-verify,search,export,ingest}
FRESH=${FRESH:-0}
JDBC_PARAMS=${JDBC_PARAMS:-}
JAVA_OPTS=${JAVA_OPTS:-}

if [ "$FRESH" = 1 ]; then
  echo "== dropping database $DB"
  dropdb -h localhost -U postgres --if-exists "$DB"
fi
if ! psql -X -q -h localhost -U postgres -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = '$DB'" | grep -q 1; then
  echo "== creating database $DB"
  createdb -h localhost -U postgres "$DB"
fi

echo "== compiling the benchmark"
mkdir -p bench/target
./mvnw -q -B -pl bench -am test-compile dependency:build-classpath \
  -Dmdep.outputFile="$PWD/bench/target/audit-classpath.txt" -Dmdep.includeScope=runtime

echo "== running (results also in bench/target/audit-results.md)"
java -Xmx"$HEAP" $JAVA_OPTS -cp "bench/target/classes:$(cat bench/target/audit-classpath.txt)" \
  -Dbench.db.url="jdbc:postgresql://localhost:5432/$DB$JDBC_PARAMS" -Dbench.phases="$PHASES" -Dbench.rows="$ROWS" -Dbench.queries="$QUERIES" \
  -Dbench.ingest.actions="$INGEST_ACTIONS" -Dbench.ingest.concurrency="$INGEST_CONCURRENCY" -Dbench.ingest.connections="$INGEST_CONNECTIONS" \
  -Dbench.export.type="$EXPORT_TYPE" -Dbench.out=bench/target \
  com.governedactions.bench.AuditBenchmark
