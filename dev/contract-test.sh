#!/usr/bin/env bash
# The contract test: schemathesis sends generated requests to every operation of the service's
# published OpenAPI description and checks each answer against it (docs/openapi.md).
#
#   dev/contract-test.sh BASE_URL   against a service already running in dev mode there,
#                                   e.g. dev/contract-test.sh http://localhost:8080
#   dev/contract-test.sh --own      starts what it needs on free ports (a Temporal dev server and
#                                   the service from app/target/governed-actions.jar, built when
#                                   missing or stale, on GOVERNED_TEST_DB_URL or else a fresh database "contract"), runs
#                                   the same test, and stops both; for CI
#
# Each operation is called with the demo token of a role its x-roles extension names (the first
# one; CHAT_BACKEND for "any principal"), so the calls get past authentication to the code behind
# it. Checks: no 5xx, every status code documented, every body valid against its schema, every
# Content-Type documented. Phases: examples, coverage, fuzzing and stateful (the action lifecycle
# through the links of POST /actions: its actionId to GET, confirm, cancel, approve, reject,
# reverse). Bounded: --max-examples per operation and CONTRACT_MAX_TIME seconds for the whole run.
#
# schemathesis (PyPI, pinned below) is installed into a virtual environment under
# $GOVERNED_TOOLS_DIR (default ~/.local/share/governed-actions), like dev/temporal.sh installs the
# Temporal CLI. Settings (environment variables): CONTRACT_MAX_EXAMPLES [25], CONTRACT_MAX_TIME
# [180], CONTRACT_SEED [20261203], CONTRACT_REPORT_DIR [<repo>/app/target/contract-test],
# CONTRACT_TOKENS (ROLE=token,... over the demo tokens, for a service with other tokens).
# Exit 0: no failure; 1: failures (listed, with the request to repeat each); 2: a setup problem.
set -euo pipefail
# shellcheck source=dev/lib.sh
source "$(dirname "$0")/lib.sh"

SCHEMATHESIS_VERSION=4.32.5
SCHEMATHESIS_HOME=$GOVERNED_TOOLS_DIR/schemathesis-$SCHEMATHESIS_VERSION
SCHEMATHESIS_BIN=$SCHEMATHESIS_HOME/bin/schemathesis
MAX_EXAMPLES=${CONTRACT_MAX_EXAMPLES:-25}
MAX_TIME=${CONTRACT_MAX_TIME:-180}
# One worker: with two threads schemathesis 4.32.5's coverage phase sometimes dies inside
# CPython's ast/linecache ("AST constructor recursion depth mismatch"), a tool error, not a finding.
WORKERS=${CONTRACT_WORKERS:-1}
SEED=${CONTRACT_SEED:-20261203}
REPORT_DIR=${CONTRACT_REPORT_DIR:-$REPO_ROOT/app/target/contract-test}

usage() {
  die "usage: dev/contract-test.sh BASE_URL (a running service, e.g. http://localhost:8080) | --own"
}

install() {
  if [[ -f $SCHEMATHESIS_HOME/.installed ]] && [[ -x $SCHEMATHESIS_BIN ]]; then
    return
  fi
  say "installing schemathesis $SCHEMATHESIS_VERSION into $SCHEMATHESIS_HOME (PyPI)" >&2
  command -v python3 >/dev/null || die "python3 is needed to install schemathesis from PyPI"
  mkdir -p "$GOVERNED_TOOLS_DIR" 2>/dev/null && [[ -w $GOVERNED_TOOLS_DIR ]] ||
    die "$GOVERNED_TOOLS_DIR is not writable: set GOVERNED_TOOLS_DIR to a folder you can write"
  # In place: a venv's scripts name its own path, so it cannot be built elsewhere and moved.
  rm -rf "$SCHEMATHESIS_HOME"
  python3 -m venv "$SCHEMATHESIS_HOME" >/dev/null ||
    die "python3 -m venv failed (on Debian: apt-get install python3-venv)"
  "$SCHEMATHESIS_HOME/bin/pip" install -q --disable-pip-version-check "schemathesis==$SCHEMATHESIS_VERSION" >&2 ||
    die "pip install schemathesis==$SCHEMATHESIS_VERSION failed: is PyPI reachable?"
  "$SCHEMATHESIS_BIN" --version | grep -q "$SCHEMATHESIS_VERSION" ||
    die "$SCHEMATHESIS_BIN does not report version $SCHEMATHESIS_VERSION after installing it"
  touch "$SCHEMATHESIS_HOME/.installed"
}

# Waits up to $2 seconds for the description at $1; fails with one line.
await_description() {
  local url=$1 seconds=$2
  for _ in $(seq $((seconds * 2))); do
    curl -sf -o /dev/null "$url/v3/api-docs" && return
    sleep 0.5
  done
  die "no OpenAPI description at $url/v3/api-docs after $seconds s: is the service running there?"
}

run_against() {
  local base=${1%/}
  install
  await_description "$base" 10
  mkdir -p "$REPORT_DIR"
  local spec=$REPORT_DIR/openapi.json
  curl -sf "$base/v3/api-docs" -o "$spec"
  # One pass per role an operation may be called by: pass k uses, for each operation, the token of
  # the k-th role in its x-roles; the time budget is shared out between the passes.
  local passes
  passes=$("$SCHEMATHESIS_HOME/bin/python" "$REPO_ROOT/dev/contract_config.py" --passes "$spec")
  local per_pass=$(( MAX_TIME / passes < 30 ? 30 : MAX_TIME / passes ))
  say "schemathesis $SCHEMATHESIS_VERSION against $base: $passes passes (one per role an operation names), at most $MAX_EXAMPLES examples per operation, $per_pass s each (report: $REPORT_DIR)"
  local status=0 pass
  for (( pass = 0; pass < passes; pass++ )); do
    local config=$REPORT_DIR/schemathesis-$pass.toml
    "$SCHEMATHESIS_HOME/bin/python" "$REPO_ROOT/dev/contract_config.py" "$spec" "${CONTRACT_TOKENS:-}" "$pass" >"$config"
    mkdir -p "$REPORT_DIR/pass-$pass"
    local pass_status=0
    # The outer timeout only guards against a hung run; --max-time is what bounds it.
    # From the report folder: schemathesis keeps its cache (.schemathesis/) in the working directory.
    (cd "$REPORT_DIR/pass-$pass" && timeout $((per_pass + 120)) "$SCHEMATHESIS_BIN" --config-file "$config" run "$spec" \
      --url "$base" \
      --checks not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance \
      --phases examples,coverage,fuzzing,stateful \
      --max-examples "$MAX_EXAMPLES" \
      --max-time "$per_pass" \
      --seed "$SEED" \
      --request-timeout 15 \
      --workers "$WORKERS" \
      --no-color \
      --report junit --report-dir "$REPORT_DIR/pass-$pass") || pass_status=$?
    if [[ $pass_status -eq 124 ]]; then
      die "schemathesis pass $pass did not finish within $((per_pass + 120)) s"
    fi
    if [[ $pass_status -ne 0 ]]; then
      status=$pass_status
    fi
  done
  return "$status"
}

# What --own started, for the EXIT trap (which runs after run_own has returned: not locals).
OWN_DATA="" OWN_TEMPORAL="" OWN_UI="" OWN_SERVICE_PID=""

stop_own() {
  if [[ -n $OWN_SERVICE_PID ]]; then
    kill "$OWN_SERVICE_PID" 2>/dev/null && wait "$OWN_SERVICE_PID" 2>/dev/null || true
  fi
  if [[ -n $OWN_TEMPORAL ]]; then
    GOVERNED_DATA_DIR=$OWN_DATA TEMPORAL_PORT=$OWN_TEMPORAL TEMPORAL_UI_PORT=$OWN_UI "$REPO_ROOT/dev/temporal.sh" stop >/dev/null || true
  fi
  [[ -n $OWN_DATA ]] && rm -rf "$OWN_DATA"
  return 0
}

# Starts a Temporal dev server and the service on free ports, runs the test, stops both.
run_own() {
  local data pg_url http temporal ui jar=$REPO_ROOT/app/target/governed-actions.jar
  command -v java >/dev/null || die "java is not on the PATH: install a JDK 17 or newer"
  data=$(mktemp -d "${TMPDIR:-/tmp}/contract-test.XXXXXX")
  # A database of its own, made anew: the fuzzing changes the policy (PUT /policy, proposed autonomy
  # suggestions), which must not carry over into the tests that run after it on the test database.
  if [[ -n ${GOVERNED_TEST_DB_URL:-} ]]; then
    pg_url=$GOVERNED_TEST_DB_URL
  else
    dropdb -h localhost -U postgres --if-exists --force contract
    createdb -h localhost -U postgres contract
    pg_url=jdbc:postgresql://localhost:5432/contract
  fi
  read -r http temporal ui < <(python3 -c '
import socket
socks = [socket.socket() for _ in range(3)]
for s in socks: s.bind(("127.0.0.1", 0))
print(*[s.getsockname()[1] for s in socks])
for s in socks: s.close()')
  if [[ ! -f $jar ]] || [[ -n $(find "$REPO_ROOT/pom.xml" "$REPO_ROOT"/{workflows,activities,worker,api,notifications,sample-store,app} \
      \( -path '*/src/main/*' -o -name pom.xml \) -newer "$jar" -print -quit) ]]; then
    say "building the service (./mvnw package)"
    (cd "$REPO_ROOT" && ./mvnw -q -B -DskipTests package)
  fi
  OWN_DATA=$data OWN_TEMPORAL=$temporal OWN_UI=$ui
  trap stop_own EXIT
  GOVERNED_DATA_DIR=$data TEMPORAL_PORT=$temporal TEMPORAL_UI_PORT=$ui \
    TEMPORAL_CODEC_ENDPOINT=http://localhost:$http/api/v1/codec "$REPO_ROOT/dev/temporal.sh" start
  say "starting the service on http://localhost:$http (database $pg_url, log $data/service.log)"
  GOVERNED_DEV_MODE=true GOVERNED_TEMPORAL_TARGET=localhost:$temporal SERVER_PORT=$http \
    SPRING_DATASOURCE_URL=$pg_url GOVERNED_AUDIT_INTEGRITY_CHECKPOINTDIRECTORY=$data/audit-checkpoints \
    java ${JAVA_OPTS:-} -jar "$jar" >"$data/service.log" 2>&1 &
  OWN_SERVICE_PID=$!
  for _ in $(seq 240); do
    curl -sf -o /dev/null "http://localhost:$http/v3/api-docs" && break
    kill -0 "$OWN_SERVICE_PID" 2>/dev/null ||
      die "the service exited during start-up; the end of $data/service.log: $(tail -n 5 "$data/service.log" | tr '\n' ' ')"
    sleep 0.5
  done
  local status=0
  run_against "http://localhost:$http" || status=$?
  if grep -q ' ERROR ' "$data/service.log"; then
    echo "contract-test: the service logged errors during the run (kept in $REPORT_DIR/service.log):" >&2
    grep -m 20 ' ERROR ' "$data/service.log" >&2
  fi
  cp "$data/service.log" "$REPORT_DIR/service.log" 2>/dev/null || true
  return "$status"
}

case ${1:-} in
  --own) run_own ;;
  http://* | https://*) run_against "$1" ;;
  *) usage ;;
esac
