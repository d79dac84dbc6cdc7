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
JAR=app/target/governed-actions.jar
BASE_URL=http://localhost:8080
BENCH_TEMPORAL_PORT=7243

dev/postgres.sh
for port in 8080 7233 $BENCH_TEMPORAL_PORT; do
  if ss -ltnH "( sport = :$port )" | grep -q .; then
    echo "run-core.sh: port $port is already in use, so the service cannot start its own copy:" >&2
    ss -ltnpH "( sport = :$port )" >&2 || true
    echo "Stop that process (or wait until whoever runs it is done) and run this again." >&2
    exit 2
  fi
done

# Rebuild the service jar only when a main source or a pom is newer than it.
if [[ ! -f $JAR ]] || [[ -n $(find pom.xml workflows activities worker sample-store api notifications app \
    \( -path '*/src/main/*' -o -name pom.xml \) -newer "$JAR" -print -quit) ]]; then
  echo "== building the service jar"
  ./mvnw -q -B -pl app -am package -DskipTests
fi
echo "== compiling the benchmark"
mkdir -p bench/target
./mvnw -q -B -pl bench -am test-compile dependency:build-classpath \
  -Dmdep.outputFile="$PWD/bench/target/classpath.txt" -Dmdep.includeScope=runtime

SERVICE_PID=
DEV_DATA=$PWD/bench/target/temporal-data

dev_server() {
  GOVERNED_DATA_DIR=$DEV_DATA TEMPORAL_PORT=$BENCH_TEMPORAL_PORT TEMPORAL_UI_PORT=$((BENCH_TEMPORAL_PORT + 1000)) \
    dev/temporal.sh "$@"
}

stop_service() {
  if [[ -n $SERVICE_PID ]] && kill -0 "$SERVICE_PID" 2>/dev/null; then
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
trap 'stop_service; dev_server stop >/dev/null' EXIT

# Starts the service on $1's engine, runs the benchmark against it, stops the service.
run_engine() {
  local engine=$1 temporal_target engine_args=()
  local results=bench/target/core-results-$engine.md service_log=bench/target/service-$engine.log
  case $engine in
    dev)
      # A fresh dev server for each run: every run starts from an empty history store.
      dev_server stop >/dev/null
      rm -rf "$DEV_DATA"
      dev_server start
      temporal_target=localhost:$BENCH_TEMPORAL_PORT
      engine_args=(--governed.dev-mode=true --governed.temporal.target="$temporal_target")
      ;;
    embedded)
      temporal_target=localhost:7233
      ;;
    *)
      echo "run-core.sh: unknown engine '$engine' in ENGINES (choose from: dev embedded)" >&2
      exit 2
      ;;
  esac

  echo "== [$engine] starting the service (log: $service_log)"
  # shellcheck disable=SC2086  # the options are meant to split into words
  java ${SERVICE_JAVA_OPTS:-} -jar "$JAR" --management.endpoints.web.exposure.include=health,metrics \
    "${engine_args[@]}" ${SERVICE_ARGS:-} >"$service_log" 2>&1 &
  SERVICE_PID=$!

  for _ in $(seq 180); do
    if ! kill -0 "$SERVICE_PID" 2>/dev/null; then
      echo "run-core.sh: the service exited during start-up; the end of its log:" >&2
      tail -40 "$service_log" >&2
      exit 3
    fi
    if curl -fsS "$BASE_URL/actuator/health" 2>/dev/null | grep -q '"UP"'; then
      break
    fi
    sleep 1
  done
  if ! curl -fsS "$BASE_URL/actuator/health" 2>/dev/null | grep -q '"UP"'; then
    echo "run-core.sh: the service did not report UP within 180 s; see $service_log" >&2
    exit 3
  fi
  echo "== [$engine] service up (pid $SERVICE_PID); running the benchmark"

  # shellcheck disable=SC2086
  if ! java ${BENCH_JAVA_OPTS:-} -cp "bench/target/classes:$(cat bench/target/classpath.txt)" \
    -Dbench.n="$N" -Dbench.concurrency="$CONCURRENCY" -Dbench.rounds="$ROUNDS" \
    -Dbench.warmup="$WARMUP" -Dbench.httpN="$HTTP_N" -Dbench.httpConcurrency="$HTTP_CONCURRENCY" \
    -Dbench.httpConcurrencyWide="$HTTP_CONCURRENCY_WIDE" \
    -Dbench.historySample="$HISTORY_SAMPLE" -Dbench.unloadedN="$UNLOADED_N" \
    -Dbench.trivialPollers="$TRIVIAL_POLLERS" -Dbench.baseUrl="$BASE_URL" -Dbench.temporal="$temporal_target" \
    -Dbench.servicePid="$SERVICE_PID" -Dbench.clockTicks="$(getconf CLK_TCK)" -Dbench.out="$results" \
    com.governedactions.bench.CoreBenchmark; then
    echo "run-core.sh: the benchmark on the $engine engine failed; see the output above and $service_log" >&2
    exit 4
  fi
  echo "== [$engine] results also in $results"
  stop_service
  SERVICE_PID=
  if [[ $engine == dev ]]; then
    dev_server stop >/dev/null
  fi
}

for engine in $ENGINES; do
  run_engine "$engine"
done
