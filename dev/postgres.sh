#!/usr/bin/env bash
# PostgreSQL for dev mode and the tests: Debian's postgresql package and its cluster, started here.
#
#   dev/postgres.sh          install if missing, configure for dev, start; idempotent
#   dev/postgres.sh stop     stop the cluster (its data stays)
#
# Why Debian's cluster and not an embedded PostgreSQL: embedded PostgreSQL for Java refuses to run
# as root (initdb does), and this project's machines and CI run as root; Debian's packaged server
# runs as its own postgres user, survives restarts of the service with its data in
# /var/lib/postgresql, and is the same server the audit benchmarks measure.
#
# Dev-only configuration (a file of ours in the cluster's conf.d, nothing else is edited): the
# cluster listens on localhost:${PGPORT:-5432} only, and trusts connections from this machine's
# loopback, so the service and tests log in as user postgres with no password. Never use this
# on a shared host; production points spring.datasource.* at its own server.
set -euo pipefail
# shellcheck source=dev/lib.sh
source "$(dirname "$0")/lib.sh"

PG_PORT=${PGPORT:-5432}
MARKER="# governed-actions dev mode"

installed_version() {
  # the newest server version that has a postgres binary
  local dir
  for dir in $(ls -d /usr/lib/postgresql/*/bin/postgres 2>/dev/null | sort -V -r); do
    basename "$(dirname "$(dirname "$dir")")"
    return
  done
}

ensure_installed() {
  if [[ -z $(installed_version) ]] || ! command -v pg_ctlcluster >/dev/null; then
    say "installing PostgreSQL (Debian package postgresql)"
    apt_install postgresql postgresql-client
  fi
  VERSION=$(installed_version)
  [[ -n $VERSION ]] || die "PostgreSQL was installed, but no server binary is under /usr/lib/postgresql"
  if ! pg_lsclusters -h 2>/dev/null | awk '{print $1, $2}' | grep -qx "$VERSION main"; then
    say "creating the PostgreSQL $VERSION cluster 'main'"
    as_root pg_createcluster "$VERSION" main --port "$PG_PORT" >/dev/null
  fi
}

ensure_configured() {
  local etc=/etc/postgresql/$VERSION/main
  local conf=$etc/conf.d/governed-actions-dev.conf
  local hba=$etc/governed-actions-dev-hba.conf
  if [[ ! -f $conf ]] || ! grep -q "^port = $PG_PORT\$" "$conf"; then
    say "configuring PostgreSQL $VERSION for dev mode ($conf)"
    as_root mkdir -p "$etc/conf.d"
    as_root tee "$hba" >/dev/null <<HBA
$MARKER: trust this machine's loopback (user postgres, no password); local socket as Debian's default.
local   all   postgres                peer
local   all   all                     peer
host    all   all       127.0.0.1/32  trust
host    all   all       ::1/128       trust
HBA
    as_root tee "$conf" >/dev/null <<CONF
$MARKER: loopback only, trusted, on the port the service and tests expect.
listen_addresses = 'localhost'
port = $PG_PORT
hba_file = '$hba'
# The tests open several Spring contexts, each with its pool; the crash and scale tests add JVMs.
max_connections = 300
CONF
    RESTART=1
  fi
}

start() {
  local state
  state=$(pg_lsclusters -h | awk -v v="$VERSION" '$1 == v && $2 == "main" {print $4}')
  if [[ $state == online* ]]; then
    if [[ -n ${RESTART:-} ]]; then
      as_root pg_ctlcluster --skip-systemctl-redirect "$VERSION" main restart
    fi
  else
    if port_in_use "$PG_PORT"; then
      die "port $PG_PORT is in use by $(port_holder "$PG_PORT"), so PostgreSQL cannot start there: stop it, or set PGPORT"
    fi
    say "starting PostgreSQL $VERSION on localhost:$PG_PORT"
    as_root pg_ctlcluster --skip-systemctl-redirect "$VERSION" main start ||
      die "PostgreSQL did not start; its log: /var/log/postgresql/postgresql-$VERSION-main.log"
  fi
  for _ in $(seq 60); do
    pg_isready -q -h localhost -p "$PG_PORT" && break
    sleep 0.5
  done
  pg_isready -q -h localhost -p "$PG_PORT" ||
    die "PostgreSQL is not answering on localhost:$PG_PORT; its log: /var/log/postgresql/postgresql-$VERSION-main.log"
  psql -h localhost -p "$PG_PORT" -U postgres -d postgres -qAtc 'SELECT 1' >/dev/null ||
    die "PostgreSQL on localhost:$PG_PORT refuses user postgres without a password: is it this script's cluster?"
}

case ${1:-start} in
  start)
    ensure_installed
    ensure_configured
    start
    ;;
  stop)
    VERSION=$(installed_version)
    [[ -n $VERSION ]] && as_root pg_ctlcluster --skip-systemctl-redirect "$VERSION" main stop || true
    ;;
  *)
    die "usage: dev/postgres.sh [start|stop]"
    ;;
esac
