#!/usr/bin/env bash
# A throw-away PostgreSQL cluster for the `pg` test tier: `pg-cluster.sh start DIR` runs initdb in DIR,
# starts the server on 127.0.0.1 on a free port and writes its URL to DIR/url; `pg-cluster.sh stop DIR`
# stops it and removes DIR. Uses Debian's postgresql-15 binaries; runs them as `postgres` when root.
# MEDRISK_PG_FAST=1 (the test tier) turns fsync off and stops with -m immediate: the cluster is thrown
# away, and a killed *medrisk* process (the crash tests) never depends on PostgreSQL's own fsync.
# Benchmarks leave it unset, so their figures are durable commits.
set -euo pipefail
cmd=$1
dir=$2
bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

case "$cmd" in
  start)
    rm -rf "$dir"; mkdir -p "$dir"
    [ "$(id -u)" = 0 ] && chown postgres "$dir"
    as_pg "$bin/initdb" -D "$dir/data" -A trust -U postgres -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1
    cp "$dir/data/postgresql.conf" "$dir/postgresql.conf.orig"
    # A random high port; if it is taken the start fails and another is tried.
    for attempt in 1 2 3 4 5 6 7 8; do
      port=$(( 20000 + RANDOM % 40000 ))
      cp "$dir/postgresql.conf.orig" "$dir/data/postgresql.conf"
      cat >>"$dir/data/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = '$dir'
max_connections = 200
fsync = $([ "${MEDRISK_PG_FAST:-0}" = 1 ] && echo off || echo on)
full_page_writes = $([ "${MEDRISK_PG_FAST:-0}" = 1 ] && echo off || echo on)
synchronous_commit = on
CONF
      if as_pg "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 start >/dev/null; then break; fi
      [ $attempt = 8 ] && { cat "$dir/server.log" >&2; exit 1; }
    done
    echo "postgresql://postgres@127.0.0.1:$port/postgres" >"$dir/url"
    echo "PostgreSQL test cluster at $(cat "$dir/url")"
    ;;
  stop)
    mode=fast; [ "${MEDRISK_PG_FAST:-0}" = 1 ] && mode=immediate
    if [ -d "$dir/data" ]; then as_pg "$bin/pg_ctl" -D "$dir/data" -m $mode -w stop >/dev/null || true; fi
    rm -rf "$dir"
    ;;
  *) echo "usage: $0 start|stop DIR" >&2; exit 2 ;;
esac
