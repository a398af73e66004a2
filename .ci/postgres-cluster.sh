#!/usr/bin/env bash
# Starts a throwaway PostgreSQL cluster in a temp directory (run as root; the cluster runs as the
# `postgres` user) and prints its URL. `stop` with the printed directory stops and removes it.
#   url=$(.ci/postgres-cluster.sh start)      # postgres://postgres@127.0.0.1:PORT/assay_test?dir=...
#   .ci/postgres-cluster.sh stop DIR
#   .ci/postgres-cluster.sh pause DIR / resume DIR   # stop the server (fast) and start it again, same port (fault runs)
# PG_FSYNC=on keeps fsync (the fault runs); tests default to off, as a throwaway cluster needs no durability.
set -euo pipefail
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
[ -x "$bin/initdb" ] || { echo "postgresql server binaries not found under /usr/lib/postgresql" >&2; exit 1; }

case "${1:-}" in
  start)
    dir=$(mktemp -d /tmp/assay-pg.XXXXXX)
    chown postgres: "$dir"
    port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    su postgres -s /bin/sh -c "'$bin/initdb' -D '$dir/data' -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >'$dir/initdb.log' 2>&1"
    su postgres -s /bin/sh -c "'$bin/pg_ctl' -D '$dir/data' -l '$dir/server.log' -w -o \"-p $port -k '$dir' -c listen_addresses=127.0.0.1 -c max_connections=200 -c fsync=${PG_FSYNC:-off}\" start >/dev/null"
    su postgres -s /bin/sh -c "'$bin/createdb' -h 127.0.0.1 -p $port -U postgres assay_test"
    echo "$port" >"$dir/port"
    echo "postgres://postgres@127.0.0.1:$port/assay_test"
    echo "$dir" >&2
    ;;
  pause)
    dir=${2:?usage: pause DIR}
    su postgres -s /bin/sh -c "'$bin/pg_ctl' -D '$dir/data' -m fast -w stop" >/dev/null
    ;;
  resume)
    dir=${2:?usage: resume DIR}
    port=$(cat "$dir/port")
    su postgres -s /bin/sh -c "'$bin/pg_ctl' -D '$dir/data' -l '$dir/server.log' -w -o \"-p $port -k '$dir' -c listen_addresses=127.0.0.1 -c max_connections=200 -c fsync=${PG_FSYNC:-off}\" start >/dev/null"
    ;;
  stop)
    dir=${2:?usage: stop DIR}
    su postgres -s /bin/sh -c "'$bin/pg_ctl' -D '$dir/data' -m immediate stop" >/dev/null 2>&1 || true
    rm -rf "$dir"
    ;;
  *)
    echo "usage: $0 start | stop DIR | pause DIR | resume DIR" >&2
    exit 2
    ;;
esac
