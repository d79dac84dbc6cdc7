#!/usr/bin/env bash
# Checks that the dev/ scripts answer a bad environment with one clear line and exit code 2, never a
# stack trace or a hang: a port in use, a data directory that cannot be written, the Temporal CLI
# missing or of the wrong version. Run by .ci/run; prints "N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")/.."

passed=0
failed=0
scratch=$(mktemp -d)
holder_pid=
cleanup() {
  [[ -n $holder_pid ]] && kill "$holder_pid" 2>/dev/null
  rm -rf "$scratch"
}
trap cleanup EXIT

# expect NAME EXPECTED_TEXT -- COMMAND...: exit code 2, stderr one line containing EXPECTED_TEXT.
expect() {
  local name=$1 expected=$2
  shift 3
  local err=$scratch/err code
  "$@" >/dev/null 2>"$err" </dev/null
  code=$?
  local lines
  lines=$(grep -c . "$err")
  if [[ $code -eq 2 && $lines -eq 1 ]] && grep -qF -- "$expected" "$err"; then
    passed=$((passed + 1))
    echo "ok   $name"
  else
    failed=$((failed + 1))
    echo "FAIL $name: exit $code, $lines line(s) on stderr, expected one containing '$expected':"
    sed 's/^/     /' "$err"
  fi
}

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# A listener on a free port, held until the end.
busy=$(free_port)
python3 -c "import socket,time; s=socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1); s.bind(('127.0.0.1', $busy)); s.listen(); time.sleep(600)" &
holder_pid=$!
for _ in $(seq 50); do ss -ltnH "( sport = :$busy )" | grep -q . && break; sleep 0.1; done

# An installed CLI is needed for the port and directory checks; the missing/wrong-version checks
# use a tools folder of their own.
dev/temporal.sh install >/dev/null

expect "temporal start: frontend port in use" "port $busy is in use by python3" -- \
  env TEMPORAL_PORT="$busy" TEMPORAL_UI_PORT="$(free_port)" GOVERNED_DATA_DIR="$scratch/data1" dev/temporal.sh start
expect "temporal start: data directory not writable" "is not writable" -- \
  env TEMPORAL_PORT="$(free_port)" TEMPORAL_UI_PORT="$(free_port)" GOVERNED_DATA_DIR=/dev/null/governed dev/temporal.sh start
expect "temporal path: CLI not installed" "run dev/temporal.sh install" -- \
  env GOVERNED_TOOLS_DIR="$scratch/no-tools" dev/temporal.sh path
mkdir -p "$scratch/old-tools/temporal-cli-1.9.1/bin"
printf '#!/bin/sh\necho "temporal version 0.9.0 (Server 1.0.0, UI 1.0.0)"\n' >"$scratch/old-tools/temporal-cli-1.9.1/bin/temporal"
chmod +x "$scratch/old-tools/temporal-cli-1.9.1/bin/temporal"
expect "temporal path: CLI of the wrong version" "is not version 1.9.1" -- \
  env GOVERNED_TOOLS_DIR="$scratch/old-tools" dev/temporal.sh path
expect "dev/run: service port in use" "port $busy is in use by python3" -- \
  env SERVER_PORT="$busy" dev/run
expect "dev/run: data directory not writable" "is not writable" -- \
  env SERVER_PORT="$(free_port)" GOVERNED_DATA_DIR=/dev/null/governed dev/run
expect "temporal.sh: unknown command" "usage" -- dev/temporal.sh frobnicate

echo "dev-scripts: $passed passed, $failed failed"
[[ $failed -eq 0 ]]
