#!/usr/bin/env bash
# Issue 14, P5 (BENCHMARKS.md "Many approvals waiting at once"): starts the one-command service on a
# fresh database with bench/approvals-policy.yaml, submits APPROVALS refunds that wait for a
# supervisor, measures the service's heap and the approvals queue's first page while they wait, and
# whether every SLA timer fired and escalated within 60 s of its deadline; then stops the service.
#
# Parameters (environment variables, defaults in brackets):
#   APPROVALS [10000]   refunds submitted, all waiting at once
#   CONCURRENCY [16]    concurrent HTTP clients submitting them
#   SLA [PT15M]         the supervisor tier's SLA: longer than submitting all of them takes
#   PAGE_SAMPLES [100]  GET /api/v1/approvals calls, one at a time, while all wait
#   ENGINES [dev]       Temporal engines, one after the other: dev (the CLI's dev server) or embedded
#   SERVICE_JAVA_OPTS, SERVICE_ARGS   extra JVM options and arguments for the service
#
# Needs ports 8080, 7233 and 7243 free and PostgreSQL on localhost:5432; each engine's run drops and
# recreates the database bench_approvals, so the policy file seeds it.
set -euo pipefail
cd "$(dirname "$0")/.."

APPROVALS=${APPROVALS:-10000}
CONCURRENCY=${CONCURRENCY:-16}
SLA=${SLA:-PT15M}
PAGE_SAMPLES=${PAGE_SAMPLES:-100}
ENGINES=${ENGINES:-dev}
DATABASE=bench_approvals

SCRIPT=run-approvals.sh
# shellcheck source=bench/service.sh
source bench/service.sh
bench_prepare

policy=$PWD/bench/target/approvals-policy.yaml
sed "s/SUPERVISOR_SLA/$SLA/" bench/approvals-policy.yaml >"$policy"

for engine in $ENGINES; do
  psql -h localhost -U postgres -q -c "DROP DATABASE IF EXISTS $DATABASE" -c "CREATE DATABASE $DATABASE"
  jdbc=jdbc:postgresql://localhost:5432/$DATABASE
  results=bench/target/approvals-results-$engine.md
  SERVICE_ARGS="${SERVICE_ARGS:-} --spring.datasource.url=$jdbc --governed.policy.file=$policy" \
    start_service "$engine" "bench/target/service-approvals-$engine.log"
  echo "== [$engine] running the benchmark"
  # shellcheck disable=SC2086
  if ! java ${BENCH_JAVA_OPTS:-} -cp "$(bench_classpath)" \
    -Dbench.approvals="$APPROVALS" -Dbench.concurrency="$CONCURRENCY" -Dbench.sla="$SLA" \
    -Dbench.pageSamples="$PAGE_SAMPLES" -Dbench.baseUrl="$BASE_URL" -Dbench.jdbcUrl="$jdbc" \
    -Dbench.servicePid="$SERVICE_PID" -Dbench.out="$results" \
    com.governedactions.bench.ApprovalsBenchmark; then
    echo "run-approvals.sh: the benchmark on the $engine engine missed a target or failed; see above and" \
      "bench/target/service-approvals-$engine.log" >&2
    stop_service
    exit 4
  fi
  echo "== [$engine] results also in $results"
  stop_service
done
