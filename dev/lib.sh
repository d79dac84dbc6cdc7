# Shared by the dev/ scripts: one-line errors, port checks, where things live. Sourced, not run.
# shellcheck shell=bash

REPO_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# Tools the scripts install (the Temporal CLI) live outside the work tree, so every clone shares them.
GOVERNED_TOOLS_DIR=${GOVERNED_TOOLS_DIR:-${XDG_DATA_HOME:-$HOME/.local/share}/governed-actions}
# What the dev stack persists (the Temporal dev server's SQLite file, its log): one folder, ignored by git.
GOVERNED_DATA_DIR=${GOVERNED_DATA_DIR:-$REPO_ROOT/.dev-data}

die() {
  echo "$(basename "$0"): $*" >&2
  exit 2
}

say() {
  echo "== $*"
}

# Runs a command as root: directly when we are root (as on this project's machines), else through sudo.
as_root() {
  if [[ $(id -u) -eq 0 ]]; then
    "$@"
  elif command -v sudo >/dev/null; then
    sudo "$@"
  else
    die "needs root for: $* (run as root, or install sudo)"
  fi
}

# True when something listens on TCP port $1 of this machine.
port_in_use() {
  if command -v ss >/dev/null; then
    ss -ltnH "( sport = :$1 )" 2>/dev/null | grep -q .
  else
    # no iproute2: try to connect instead
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
  fi
}

# One line naming who holds port $1, for error messages.
port_holder() {
  local holder
  holder=$(ss -ltnpH "( sport = :$1 )" 2>/dev/null | grep -o 'users:(("[^"]*",pid=[0-9]*' | head -n1 |
    sed 's/users:(("\([^"]*\)",pid=\([0-9]*\)/\1 (pid \2)/')
  echo "${holder:-another process}"
}

# Fails with one line unless $1 is a directory this user can create and write.
require_writable_dir() {
  local dir=$1 what=$2
  if ! mkdir -p "$dir" 2>/dev/null || [[ ! -w $dir ]]; then
    die "$what $dir is not writable: choose another with GOVERNED_DATA_DIR=/some/writable/dir"
  fi
}

# apt-get update once per script run, and only when something is to be installed.
APT_UPDATED=
apt_install() {
  command -v apt-get >/dev/null || die "cannot install $* here: no apt-get (install it with your package manager)"
  if [[ -z $APT_UPDATED ]]; then
    as_root apt-get update -qq >/dev/null || die "apt-get update failed: is the Debian package mirror reachable?"
    APT_UPDATED=1
  fi
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq --no-install-recommends "$@" >/dev/null ||
    die "apt-get install $* failed"
}
