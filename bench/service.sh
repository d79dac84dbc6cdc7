# Sourced by the bench/run-*.sh scripts that measure the whole service: checks the ports, builds the
# service jar and the benchmark classes, starts the service on one Temporal engine and stops it.
# The caller sets SCRIPT (its name, for messages) and may set SERVICE_JAVA_OPTS and SERVICE_ARGS.
#
#   bench_prepare                 PostgreSQL up, ports free, jar and bench classes built
#   start_service ENGINE LOG      service up on ENGINE (dev | embedded); sets SERVICE_PID, TEMPORAL_TARGET
#   stop_service                  stops it (and the engine's dev server)

JAR=app/target/governed-actions.jar
BASE_URL=http://localhost:8080
BENCH_TEMPORAL_PORT=7243
SERVICE_PID=
TEMPORAL_TARGET=
DEV_DATA=$PWD/bench/target/temporal-data

bench_prepare() {
  dev/postgres.sh
  for port in 8080 7233 $BENCH_TEMPORAL_PORT; do
    if ss -ltnH "( sport = :$port )" | grep -q .; then
      echo "$SCRIPT: port $port is already in use, so the service cannot start its own copy:" >&2
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
  trap 'stop_service' EXIT
}

bench_classpath() {
  echo "bench/target/classes:$(cat bench/target/classpath.txt)"
}

dev_server() {
  GOVERNED_DATA_DIR=$DEV_DATA TEMPORAL_PORT=$BENCH_TEMPORAL_PORT TEMPORAL_UI_PORT=$((BENCH_TEMPORAL_PORT + 1000)) \
    dev/temporal.sh "$@"
}

start_service() {
  local engine=$1 service_log=$2 engine_args=()
  case $engine in
    dev)
      # A fresh dev server for each run: every run starts from an empty history store.
      dev_server stop >/dev/null
      rm -rf "$DEV_DATA"
      dev_server start
      TEMPORAL_TARGET=localhost:$BENCH_TEMPORAL_PORT
      engine_args=(--governed.dev-mode=true --governed.temporal.target="$TEMPORAL_TARGET")
      ;;
    embedded)
      TEMPORAL_TARGET=localhost:7233
      ;;
    *)
      echo "$SCRIPT: unknown engine '$engine' in ENGINES (choose from: dev embedded)" >&2
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
      echo "$SCRIPT: the service exited during start-up; the end of its log:" >&2
      tail -40 "$service_log" >&2
      exit 3
    fi
    if curl -fsS "$BASE_URL/actuator/health" 2>/dev/null | grep -q '"UP"'; then
      echo "== [$engine] service up (pid $SERVICE_PID)"
      return 0
    fi
    sleep 1
  done
  echo "$SCRIPT: the service did not report UP within 180 s; see $service_log" >&2
  exit 3
}

stop_service() {
  if [[ -n $SERVICE_PID ]] && kill -0 "$SERVICE_PID" 2>/dev/null; then
    echo "== stopping the service (pid $SERVICE_PID)"
    kill "$SERVICE_PID"
    local stopped=
    for _ in $(seq 60); do
      if ! kill -0 "$SERVICE_PID" 2>/dev/null; then
        stopped=1
        break
      fi
      sleep 0.5
    done
    if [[ -z $stopped ]]; then
      echo "the service did not stop within 30 s; killing pid $SERVICE_PID" >&2
      kill -9 "$SERVICE_PID" 2>/dev/null || true
    fi
  fi
  SERVICE_PID=
  dev_server stop >/dev/null 2>&1 || true
}
