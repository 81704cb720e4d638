#!/usr/bin/env bash
# Throwaway PostgreSQL clusters for tests and CI.
#
#   pg-throwaway.sh start  DIR   initdb a cluster in DIR, start it on a free loopback port,
#                                print its URL (postgres://postgres@127.0.0.1:PORT/postgres) last
#   pg-throwaway.sh pause  DIR   stop the server, keep the data (simulates an outage)
#   pg-throwaway.sh resume DIR   start it again on the same port
#   pg-throwaway.sh stop   DIR   stop the server (fast mode) and remove DIR
#   pg-throwaway.sh url    DIR   print the URL of the cluster in DIR
#   pg-throwaway.sh check        print the directory of the PostgreSQL binaries; exit 1 if none
#
# Binaries: $PG_BIN if set, else PATH, else the newest /usr/lib/postgresql/*/bin (the Debian
# package does not put initdb/pg_ctl on PATH). As root, the server runs as the `postgres`
# user, because initdb and postgres refuse to run as root.
# The cluster is for tests only: trust auth, loopback only, and durability switched off.
set -euo pipefail

die() {
  echo "pg-throwaway: $*" >&2
  exit 1
}

find_bin_dir() {
  if [[ -n "${PG_BIN:-}" ]]; then
    [[ -x "$PG_BIN/initdb" ]] || die "PG_BIN=$PG_BIN does not contain an initdb executable"
    echo "$PG_BIN"
    return
  fi
  local initdb
  if initdb="$(command -v initdb 2>/dev/null)" && [[ -x "$(dirname "$initdb")/pg_ctl" ]]; then
    dirname "$initdb"
    return
  fi
  local dir
  dir="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)"
  if [[ -n "$dir" && -x "$dir/initdb" ]]; then
    echo "$dir"
    return
  fi
  return 1
}

require_bin_dir() {
  BIN="$(find_bin_dir)" || die "initdb not found on PATH nor in /usr/lib/postgresql/*/bin;" \
    "install PostgreSQL (Debian: apt-get install postgresql) or set PG_BIN to its bin directory"
}

# Runs a command as the cluster owner: `postgres` when we are root, else ourselves.
# The subshell cds into DIR so the postgres user never starts in an unreadable cwd (/root).
as_owner() {
  if [[ "$(id -u)" == 0 ]]; then
    (cd "$DIR" && runuser -u postgres -- "$@")
  else
    (cd "$DIR" && "$@")
  fi
}

# A port nobody listens on right now. Races are handled by retrying `start` on bind failure.
pick_port() {
  local port
  for _ in $(seq 1 50); do
    port=$((20000 + RANDOM % 40000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "$port"
      return
    fi
  done
  die "could not find a free port on 127.0.0.1"
}

url() {
  [[ -f "$DIR/port" ]] || die "$DIR is not a throwaway cluster (no $DIR/port)"
  echo "postgres://postgres@127.0.0.1:$(cat "$DIR/port")/postgres"
}

pg_start() {
  as_owner "$BIN/pg_ctl" -D "$DIR/data" -l "$DIR/server.log" -w -t 60 -s start >/dev/null
}

cmd_start() {
  require_bin_dir
  mkdir -p "$DIR"
  [[ -z "$(ls -A "$DIR")" ]] || die "$DIR is not empty; refusing to initdb there"
  # Marks DIR as ours, so `stop` never removes a directory this script did not create.
  touch "$DIR/.pg-throwaway"
  mkdir -p "$DIR/sock"
  if [[ "$(id -u)" == 0 ]]; then
    id postgres >/dev/null 2>&1 || die "running as root but there is no 'postgres' user to run the server"
    chown -R postgres: "$DIR"
    runuser -u postgres -- test -w "$DIR" ||
      die "user postgres cannot write $DIR (is a parent directory private to root?)"
  fi
  as_owner "$BIN/initdb" -D "$DIR/data" -U postgres -A trust -E UTF8 --no-locale --no-sync \
    >"$DIR/initdb.log" 2>&1 || die "initdb failed; see $DIR/initdb.log: $(tail -n 5 "$DIR/initdb.log")"

  local attempt port
  for attempt in 1 2 3 4 5; do
    port="$(pick_port)"
    # postgresql.auto.conf is read on every start, so `resume` gets the same port and settings.
    cat >"$DIR/data/postgresql.auto.conf" <<EOF
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = '$DIR/sock'
fsync = off
synchronous_commit = off
full_page_writes = off
max_connections = 300
EOF
    echo "$port" >"$DIR/port"
    if pg_start; then
      url
      return
    fi
    grep -qi "could not bind\|address already in use" "$DIR/server.log" 2>/dev/null ||
      die "server did not start; see $DIR/server.log: $(tail -n 5 "$DIR/server.log" 2>/dev/null)"
    echo "pg-throwaway: port $port was taken, retrying ($attempt)" >&2
  done
  die "could not start the server on a free port; see $DIR/server.log"
}

cmd_pause() {
  require_bin_dir
  as_owner "$BIN/pg_ctl" -D "$DIR/data" -m fast -w -t 60 -s stop
}

cmd_resume() {
  require_bin_dir
  pg_start || die "server did not restart; see $DIR/server.log: $(tail -n 5 "$DIR/server.log")"
  url
}

cmd_stop() {
  [[ -d "$DIR" ]] || return 0
  [[ -f "$DIR/.pg-throwaway" ]] || die "$DIR was not created by pg-throwaway.sh; not removing it"
  if [[ -f "$DIR/data/postmaster.pid" ]] && BIN="$(find_bin_dir)"; then
    as_owner "$BIN/pg_ctl" -D "$DIR/data" -m fast -w -t 60 -s stop >/dev/null 2>&1 || true
  fi
  rm -rf "$DIR"
}

main() {
  local cmd="${1:-}"
  if [[ "$cmd" == check ]]; then
    find_bin_dir || die "initdb not found on PATH nor in /usr/lib/postgresql/*/bin"
    return
  fi
  [[ $# -eq 2 ]] || die "usage: $0 start|pause|resume|stop|url DIR  |  $0 check"
  # Absolute, because the server and as_owner run in other working directories.
  DIR="$(realpath -m "$2")"
  case "$cmd" in
    start) cmd_start ;;
    pause) cmd_pause ;;
    resume) cmd_resume ;;
    stop) cmd_stop ;;
    url) url ;;
    *) die "unknown command '$cmd'" ;;
  esac
}

main "$@"
