#!/usr/bin/env bash
# The console inbox's first page with 10,000 pending actions (BENCHMARKS.md, "Console inbox at
# 10,000 pending", issue 13): drops and recreates the database bench_inbox, migrates it, seeds the
# action rows and claims with bulk SQL, then times ApprovalQueueRepository.byDeadline (the query
# behind the console's Inbox) unfiltered and per filter, beside a count(*) of the same rows and the
# old inbox's database part, and prints the plan of the unfiltered query. About a minute; not CI.
#
# Parameters (environment variables, defaults in brackets):
#   DB [bench_inbox]     database on localhost:5432, user postgres (dropped and recreated)
#   PENDING [10000]      pending actions seeded
#   DECIDED [90000]      decided actions seeded beside them
#   RUNS [200]           measured calls per measure (one at a time), after WARMUP [50]
set -euo pipefail
cd "$(dirname "$0")/.."

DB=${DB:-bench_inbox}
psql -X -q -h localhost -U postgres -d postgres -c "DROP DATABASE IF EXISTS $DB" -c "CREATE DATABASE $DB"

mkdir -p bench/target
./mvnw -q -B -o -pl bench -am test-compile dependency:build-classpath \
  -Dmdep.outputFile="$PWD/bench/target/inbox-classpath.txt" -Dmdep.includeScope=runtime

java -Xms256m -Xmx256m -cp "bench/target/classes:$(cat bench/target/inbox-classpath.txt)" \
  -Dbench.db.url="jdbc:postgresql://localhost:5432/$DB" -Dbench.pending="${PENDING:-10000}" \
  -Dbench.decided="${DECIDED:-90000}" -Dbench.runs="${RUNS:-200}" -Dbench.warmup="${WARMUP:-50}" \
  -Dbench.out=bench/target/inbox-results.md \
  com.governedactions.bench.InboxBenchmark

echo
echo "Plan of the inbox's unfiltered first page (SUPERVISOR):"
psql -X -h localhost -U postgres -d "$DB" -c "EXPLAIN (ANALYZE, BUFFERS, COSTS OFF)
  SELECT a.action_id, a.approval_deadline, c.claimed_by
  FROM governed.action a LEFT JOIN governed.approval_claim c ON c.action_id = a.action_id
  WHERE a.status = 'AWAITING_APPROVAL'
    AND (a.approval_roles IS NULL OR a.approval_roles && string_to_array('SUPERVISOR', ','))
  ORDER BY a.approval_deadline NULLS LAST, a.created_at, a.action_id LIMIT 200"
