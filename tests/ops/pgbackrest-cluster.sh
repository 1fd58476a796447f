#!/usr/bin/env bash
# A throw-away PostgreSQL cluster backed up by pgBackRest, for tests/ops (the backup test on
# PostgreSQL). The settings are those of deploy/postgresql/ (WAL archiving through `pgbackrest
# archive-push`), with every path inside DIR:
#   pgbackrest-cluster.sh start DIR     initdb, archive settings, start on a free port, stanza-create,
#                                       createdb medrisk; writes DIR/url
#   pgbackrest-cluster.sh backup DIR [full|diff]
#   pgbackrest-cluster.sh restore DIR [TARGET_TIME]
#                                       archives the current WAL segment (`check`), restores the newest
#                                       backup into DIR/restored (replaying the archived WAL to its end,
#                                       or to TARGET_TIME with --type=time: point-in-time recovery),
#                                       starts it on another port with archiving off; writes DIR/restored_url
#   pgbackrest-cluster.sh stop DIR      stops both clusters and removes DIR
# Runs PostgreSQL and pgBackRest as `postgres` when root, like tests/support/pg-cluster.sh.
set -euo pipefail
cmd=$1
dir=$2
bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
conf=$dir/pgbackrest.conf
pgbr() { as_pg pgbackrest --config="$conf" --stanza=medrisk "$@"; }

start_on_free_port() {  # data directory, log file; echoes the port
  local data=$1 log=$2 port attempt
  cp "$data/postgresql.conf" "$data.postgresql.conf.orig"  # outside the data directory: pgBackRest backs that up
  for attempt in 1 2 3 4 5 6 7 8; do
    port=$(( 20000 + RANDOM % 40000 ))
    cp "$data.postgresql.conf.orig" "$data/postgresql.conf"
    printf "port = %s\n" "$port" >>"$data/postgresql.conf"
    if as_pg "$bin/pg_ctl" -D "$data" -l "$log" -w -t 120 start >/dev/null; then echo "$port"; return 0; fi
  done
  cat "$log" >&2
  return 1
}

case "$cmd" in
  start)
    rm -rf "$dir"; mkdir -p "$dir/repo" "$dir/log" "$dir/lock" "$dir/spool"
    [ "$(id -u)" = 0 ] && chown -R postgres "$dir"
    as_pg "$bin/initdb" -D "$dir/data" -A trust -U postgres -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1
    cat >"$conf" <<CONF
[global]
repo1-path=$dir/repo
repo1-retention-full=2
log-path=$dir/log
lock-path=$dir/lock
spool-path=$dir/spool
log-level-console=warn
log-level-file=info
start-fast=y
compress-type=lz4

[medrisk]
pg1-path=$dir/data
pg1-socket-path=$dir
CONF
    [ "$(id -u)" = 0 ] && chown postgres "$conf"
    cat >>"$dir/data/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
unix_socket_directories = '$dir'
max_connections = 100
wal_level = replica
archive_mode = on
archive_command = 'pgbackrest --config=$conf --stanza=medrisk archive-push %p'
archive_timeout = 60
max_wal_senders = 3
CONF
    port=$(start_on_free_port "$dir/data" "$dir/server.log")
    printf "pg1-port=%s\n" "$port" >>"$conf"
    pgbr stanza-create >"$dir/stanza.log" 2>&1 || { cat "$dir/stanza.log" "$dir"/log/* >&2; exit 1; }
    pgbr check >"$dir/check.log" 2>&1 || { cat "$dir/check.log" "$dir"/log/* >&2; exit 1; }
    as_pg "$bin/createdb" -h "$dir" -p "$port" -U postgres medrisk
    echo "postgresql://postgres@127.0.0.1:$port/medrisk" >"$dir/url"
    echo "pgBackRest test cluster at $(cat "$dir/url")"
    ;;
  backup)
    type=${3:-full}
    pgbr --type="$type" backup >"$dir/backup-$type.log" 2>&1 || { cat "$dir/backup-$type.log" "$dir"/log/* >&2; exit 1; }
    pgbr info
    ;;
  restore)
    # `check` switches to a new WAL segment and waits until the old one is archived: every commit so far
    # can be replayed (in production, archive_timeout bounds what a lost primary takes with it).
    pgbr check >"$dir/check.log" 2>&1 || { cat "$dir/check.log" >&2; exit 1; }
    if [ -f "$dir/restored/postmaster.pid" ]; then as_pg "$bin/pg_ctl" -D "$dir/restored" -m fast -w stop >/dev/null; fi
    rm -rf "$dir/restored"; mkdir -p "$dir/restored"; chmod 700 "$dir/restored"
    [ "$(id -u)" = 0 ] && chown postgres "$dir/restored"
    target=()
    if [ -n "${3:-}" ]; then target=(--type=time "--target=$3" --target-action=promote); fi
    pgbr --pg1-path="$dir/restored" "${target[@]}" restore >"$dir/restore.log" 2>&1 ||
      { cat "$dir/restore.log" "$dir"/log/* >&2; exit 1; }
    # The copy is a second cluster beside the first: its own port, and it must not archive into the stanza.
    printf "archive_mode = off\n" >>"$dir/restored/postgresql.conf"
    port=$(start_on_free_port "$dir/restored" "$dir/restored.log")
    # Recovery replays the archived WAL, then promotes: wait until it accepts writes.
    for i in $(seq 1 120); do
      if [ "$(as_pg "$bin/psql" -h "$dir" -p "$port" -U postgres -d medrisk -Atc 'SELECT pg_is_in_recovery()' 2>/dev/null)" = f ]; then break; fi
      sleep 0.5
    done
    echo "postgresql://postgres@127.0.0.1:$port/medrisk" >"$dir/restored_url"
    echo "restored cluster at $(cat "$dir/restored_url")"
    ;;
  stop)
    for d in "$dir/restored" "$dir/data"; do
      if [ -f "$d/postmaster.pid" ]; then as_pg "$bin/pg_ctl" -D "$d" -m fast -w stop >/dev/null || true; fi
    done
    rm -rf "$dir"
    ;;
  *) echo "usage: $0 start|backup|restore|stop DIR" >&2; exit 2 ;;
esac
