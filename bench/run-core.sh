#!/usr/bin/env bash
# The core benchmark (BENCHMARKS.md): starts the one-command service, runs
# com.governedactions.bench.CoreBenchmark against it, prints the results and stops the service.
#
# Parameters (environment variables, defaults in brackets):
#   N [400]                 governed refunds and trivial workflows per measured round, each
#   CONCURRENCY [16]        workflows in flight, for trivial and governed alike
#   ROUNDS [5]              measured rounds: trivial, governed, trivial at HTTP_CONCURRENCY, REST
#   WARMUP [200]            workflows of each kind before measuring (half as many POSTs)
#   HTTP_N [300]            POST /api/v1/actions calls per round
#   HTTP_CONCURRENCY [8]    concurrent HTTP clients
#   HISTORY_SAMPLE [60]     workflows per kind whose history is split into phases
#   UNLOADED_N [100]        calls of each kind made one at a time, for latency without queueing
#   TRIVIAL_POLLERS [0]     workflow and activity task pollers of the trivial worker; 0 = SDK
#                           default (5), which the service's worker uses as well
#   SERVICE_JAVA_OPTS, BENCH_JAVA_OPTS   extra JVM options for the service and the benchmark
#   SERVICE_ARGS            extra arguments for the service, e.g. --spring.temporal...=...
#
# Needs ports 8080 and 7233 free and PostgreSQL on localhost:5432 (database postgres).
set -euo pipefail
cd "$(dirname "$0")/.."

N=${N:-400}
CONCURRENCY=${CONCURRENCY:-16}
ROUNDS=${ROUNDS:-5}
WARMUP=${WARMUP:-200}
HTTP_N=${HTTP_N:-300}
HTTP_CONCURRENCY=${HTTP_CONCURRENCY:-8}
HISTORY_SAMPLE=${HISTORY_SAMPLE:-60}
UNLOADED_N=${UNLOADED_N:-100}
TRIVIAL_POLLERS=${TRIVIAL_POLLERS:-0}

JAR=api/target/governed-actions.jar
RESULTS=bench/target/core-results.md
SERVICE_LOG=bench/target/service.log
BASE_URL=http://localhost:8080

for port in 8080 7233; do
  if ss -ltnH "( sport = :$port )" | grep -q .; then
    echo "run-core.sh: port $port is already in use, so the service cannot start its own copy:" >&2
    ss -ltnpH "( sport = :$port )" >&2 || true
    echo "Stop that process (or wait until whoever runs it is done) and run this again." >&2
    exit 2
  fi
done

# Rebuild the service jar only when a main source or a pom is newer than it.
if [[ ! -f $JAR ]] || [[ -n $(find pom.xml workflows activities worker api \
    \( -path '*/src/main/*' -o -name pom.xml \) -newer "$JAR" -print -quit) ]]; then
  echo "== building the service jar"
  ./mvnw -q -B -pl api -am package -DskipTests
fi
echo "== compiling the benchmark"
mkdir -p bench/target
./mvnw -q -B -pl workflows,activities,worker,bench compile dependency:build-classpath \
  -Dmdep.outputFile="$PWD/bench/target/classpath.txt" -Dmdep.includeScope=runtime

echo "== starting the service (log: $SERVICE_LOG)"
# shellcheck disable=SC2086  # the options are meant to split into words
java ${SERVICE_JAVA_OPTS:-} -jar "$JAR" --management.endpoints.web.exposure.include=health,metrics \
  ${SERVICE_ARGS:-} >"$SERVICE_LOG" 2>&1 &
SERVICE_PID=$!

stop_service() {
  if kill -0 "$SERVICE_PID" 2>/dev/null; then
    echo "== stopping the service (pid $SERVICE_PID)"
    kill "$SERVICE_PID"
    for _ in $(seq 60); do
      kill -0 "$SERVICE_PID" 2>/dev/null || return 0
      sleep 0.5
    done
    echo "the service did not stop within 30 s; killing pid $SERVICE_PID" >&2
    kill -9 "$SERVICE_PID" 2>/dev/null || true
  fi
}
trap stop_service EXIT

for _ in $(seq 180); do
  if ! kill -0 "$SERVICE_PID" 2>/dev/null; then
    echo "run-core.sh: the service exited during start-up; the end of its log:" >&2
    tail -40 "$SERVICE_LOG" >&2
    exit 3
  fi
  if curl -fsS "$BASE_URL/actuator/health" 2>/dev/null | grep -q '"UP"'; then
    break
  fi
  sleep 1
done
if ! curl -fsS "$BASE_URL/actuator/health" 2>/dev/null | grep -q '"UP"'; then
  echo "run-core.sh: the service did not report UP within 180 s; see $SERVICE_LOG" >&2
  exit 3
fi
echo "== service up (pid $SERVICE_PID); running the benchmark"

status=0
# shellcheck disable=SC2086
java ${BENCH_JAVA_OPTS:-} -cp "bench/target/classes:$(cat bench/target/classpath.txt)" \
  -Dbench.n="$N" -Dbench.concurrency="$CONCURRENCY" -Dbench.rounds="$ROUNDS" \
  -Dbench.warmup="$WARMUP" -Dbench.httpN="$HTTP_N" -Dbench.httpConcurrency="$HTTP_CONCURRENCY" \
  -Dbench.historySample="$HISTORY_SAMPLE" -Dbench.unloadedN="$UNLOADED_N" \
  -Dbench.trivialPollers="$TRIVIAL_POLLERS" -Dbench.baseUrl="$BASE_URL" -Dbench.temporal=localhost:7233 \
  -Dbench.servicePid="$SERVICE_PID" -Dbench.clockTicks="$(getconf CLK_TCK)" -Dbench.out="$RESULTS" \
  com.governedactions.bench.CoreBenchmark || status=$?

if [[ $status -eq 0 ]]; then
  echo "== results also in $RESULTS"
else
  echo "run-core.sh: the benchmark failed (exit $status); see the output above and $SERVICE_LOG" >&2
fi
exit $status
