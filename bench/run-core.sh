#!/usr/bin/env bash
# The core benchmark (BENCHMARKS.md): starts the one-command service, runs
# com.governedactions.bench.CoreBenchmark against it, prints the results and stops the service.
#
# Parameters (environment variables, defaults in brackets):
#   N [400]                 governed refunds and trivial workflows per measured round, each
#   CONCURRENCY [16]        workflows in flight, for trivial and governed alike
#   ROUNDS [5]              measured rounds: trivial, same refund (a bare workflow), governed,
#                           trivial at HTTP_CONCURRENCY, REST, and both again at HTTP_CONCURRENCY_WIDE
#   WARMUP [200]            workflows of each kind before measuring (half as many POSTs)
#   HTTP_N [300]            POST /api/v1/actions calls per round
#   HTTP_CONCURRENCY [8]    concurrent HTTP clients
#   HTTP_CONCURRENCY_WIDE [32]  concurrent HTTP clients of the second REST phase; 0 skips it
#   HISTORY_SAMPLE [60]     workflows per kind whose history is split into phases
#   UNLOADED_N [100]        calls of each kind made one at a time, for latency without queueing
#   TRIVIAL_POLLERS [0]     workflow and activity task pollers of the trivial worker; 0 = SDK
#                           default (5), which the service's worker uses as well
#   SERVICE_JAVA_OPTS, BENCH_JAVA_OPTS   extra JVM options for the service and the benchmark
#   SERVICE_ARGS            extra arguments for the service, e.g. --spring.temporal...=...
#   ENGINES [dev embedded]  the Temporal engines to measure, one after the other in this run:
#                           dev = the Temporal CLI's dev server (the real frontend, history and
#                           matching services on SQLite: what dev/run uses), started fresh under
#                           bench/target/temporal on ports 7243/8243; embedded = the in-memory
#                           test server inside the service (the fallback without a target)
#
# Needs ports 8080 and 7233 free and PostgreSQL on localhost:5432 (database postgres); installs and
# starts PostgreSQL and the Temporal CLI with the dev/ scripts when they are missing.
set -euo pipefail
cd "$(dirname "$0")/.."

N=${N:-400}
CONCURRENCY=${CONCURRENCY:-16}
ROUNDS=${ROUNDS:-5}
WARMUP=${WARMUP:-200}
HTTP_N=${HTTP_N:-300}
HTTP_CONCURRENCY=${HTTP_CONCURRENCY:-8}
HTTP_CONCURRENCY_WIDE=${HTTP_CONCURRENCY_WIDE:-32}
HISTORY_SAMPLE=${HISTORY_SAMPLE:-60}
UNLOADED_N=${UNLOADED_N:-100}
TRIVIAL_POLLERS=${TRIVIAL_POLLERS:-0}

ENGINES=${ENGINES:-dev embedded}
SCRIPT=run-core.sh
# shellcheck source=bench/service.sh
source bench/service.sh
bench_prepare

# Starts the service on $1's engine, runs the benchmark against it, stops the service.
run_engine() {
  local engine=$1
  local results=bench/target/core-results-$engine.md service_log=bench/target/service-$engine.log
  start_service "$engine" "$service_log"
  echo "== [$engine] running the benchmark"

  # shellcheck disable=SC2086
  if ! java ${BENCH_JAVA_OPTS:-} -cp "$(bench_classpath)" \
    -Dbench.n="$N" -Dbench.concurrency="$CONCURRENCY" -Dbench.rounds="$ROUNDS" \
    -Dbench.warmup="$WARMUP" -Dbench.httpN="$HTTP_N" -Dbench.httpConcurrency="$HTTP_CONCURRENCY" \
    -Dbench.httpConcurrencyWide="$HTTP_CONCURRENCY_WIDE" \
    -Dbench.historySample="$HISTORY_SAMPLE" -Dbench.unloadedN="$UNLOADED_N" \
    -Dbench.trivialPollers="$TRIVIAL_POLLERS" -Dbench.baseUrl="$BASE_URL" -Dbench.temporal="$TEMPORAL_TARGET" \
    -Dbench.servicePid="$SERVICE_PID" -Dbench.clockTicks="$(getconf CLK_TCK)" -Dbench.out="$results" \
    com.governedactions.bench.CoreBenchmark; then
    echo "run-core.sh: the benchmark on the $engine engine failed; see the output above and $service_log" >&2
    exit 4
  fi
  echo "== [$engine] results also in $results"
  stop_service
}

for engine in $ENGINES; do
  run_engine "$engine"
done
