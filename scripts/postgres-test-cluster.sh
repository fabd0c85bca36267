#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the PostgreSQL store's tests (README "PostgreSQL tests").
#   scripts/postgres-test-cluster.sh start [DIR]   initdb into DIR (a new temporary directory when omitted), start the
#                                                   server on 127.0.0.1 at a free port with trust authentication and no
#                                                   unix socket; print the connection string on stdout and write it to
#                                                   DIR/connection-string; the directory goes to stderr
#   scripts/postgres-test-cluster.sh start DIR PID as above, and stop the cluster once process PID has exited (a detached
#                                                   watcher: the tests' host may be killed before its exit handlers finish)
#   scripts/postgres-test-cluster.sh stop DIR      stop the server and remove DIR
# Run as root, the server runs as an unprivileged user (PostgreSQL refuses root): the `postgres` account when the
# packages made one, else `nobody`. Data durability is off (fsync=off): the cluster lives for one test run.
set -euo pipefail

usage() { echo "usage: scripts/postgres-test-cluster.sh start [DIR [PID]] | stop DIR" >&2; exit 2; }

# The binaries: PATH first (Debian puts wrappers there only for some), then Debian's versioned directories, newest first.
find_bin_dir() {
  if command -v initdb >/dev/null && command -v pg_ctl >/dev/null; then
    dirname "$(readlink -f "$(command -v pg_ctl)")"
    return
  fi
  local dir
  for dir in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
    if [ -x "$dir/initdb" ] && [ -x "$dir/pg_ctl" ]; then echo "$dir"; return; fi
  done
  echo "PostgreSQL is not installed (no initdb/pg_ctl on PATH or in /usr/lib/postgresql/*/bin); on Debian: apt-get install postgresql" >&2
  exit 1
}

# Runs a command as the cluster's owner.
as_owner() {
  if [ -n "$owner" ]; then runuser -u "$owner" -- "$@"; else "$@"; fi
}

# A port nothing listens on now; the start below retries on a race with another process.
free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()' 2>/dev/null \
    || echo $((20000 + RANDOM % 20000))
}

start() {
  local dir="${1:-}"
  if [ -z "$dir" ]; then
    dir="$(mktemp -d "${TMPDIR:-/tmp}/engine-pg.XXXXXX")"
  else
    mkdir -p "$dir"
  fi
  dir="$(cd "$dir" && pwd)"
  local bin
  bin="$(find_bin_dir)"
  owner=""
  if [ "$(id -u)" -eq 0 ]; then
    if id postgres >/dev/null 2>&1; then owner=postgres; else owner=nobody; fi
    chown "$owner" "$dir"
    chmod 0755 "$dir"
  fi
  as_owner "$bin/initdb" -D "$dir/data" -U postgres -A trust -E UTF8 --locale=C --no-instructions >"$dir/initdb.log" 2>&1 \
    || { cat "$dir/initdb.log" >&2; echo "initdb failed" >&2; exit 1; }
  local attempt port
  for attempt in 1 2 3 4 5; do
    port="$(free_port)"
    if as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 start \
      -o "-c listen_addresses=127.0.0.1 -c port=$port -c unix_socket_directories='' -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300 -c shared_buffers=32MB" \
      >/dev/null 2>&1; then
      local conn="Host=127.0.0.1;Port=$port;Username=postgres;Database=postgres"
      echo "$conn" >"$dir/connection-string"
      echo "$bin" >"$dir/bin-dir"
      echo "$owner" >"$dir/owner"
      echo "PostgreSQL test cluster in $dir" >&2
      if [ -n "${2:-}" ]; then
        setsid bash -c 'while kill -0 "$1" 2>/dev/null; do sleep 1; done; exec bash "$2" stop "$3"' watcher "$2" "$0" "$dir" \
          </dev/null >/dev/null 2>&1 &
      fi
      echo "$conn"
      return
    fi
  done
  cat "$dir/server.log" >&2 || true
  echo "pg_ctl start failed 5 times" >&2
  exit 1
}

stop() {
  local dir="${1:-}"
  [ -n "$dir" ] || usage
  [ -d "$dir" ] || return 0
  if [ -f "$dir/bin-dir" ] && [ -f "$dir/data/postmaster.pid" ]; then
    owner="$(cat "$dir/owner" 2>/dev/null || true)"
    as_owner "$(cat "$dir/bin-dir")/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
  fi
  rm -rf "$dir"
}

case "${1:-}" in
  start) start "${2:-}" "${3:-}" ;;
  stop) stop "${2:-}" ;;
  *) usage ;;
esac
