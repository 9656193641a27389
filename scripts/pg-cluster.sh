#!/bin/bash
# scripts/pg-cluster.sh start DIR | stop DIR: a throw-away PostgreSQL cluster for the tests, in
# DIR (made, and removed by stop): its data folder, its log, and its socket, with no TCP port,
# run with fsync off (a crash loses it, which is what a test cluster is for) and room for 250
# connections (PG_DURABLE=1 keeps fsync on, for benchmarks). `start` prints the line that gives
# the tests its URL:
#
#   eval "$(scripts/pg-cluster.sh start /tmp/cb-pg)"   # export CASEBENCH_TEST_POSTGRES=…
#   swift test
#   scripts/pg-cluster.sh stop /tmp/cb-pg
#
# initdb refuses to run as root: run by root, the cluster belongs to a system account made for
# it (casebench-pg), which stop removes again. The tests connect as its `casebench` role with
# trust authentication on the socket: any local account could, which is fine for a throw-away
# cluster and never for a desk's (README, PostgreSQL). PG_PASSWORD=… gives the role that
# password and asks every connection for it (scram-sha-256), as a desk's server would;
# PG_ACCOUNT names another system account to own the cluster (a test's own, beside CI's).
set -euo pipefail
action=${1:-}
dir=${2:-}
[[ ($action == start || $action == stop) && -n $dir ]] || { echo "usage: $0 start|stop DIR" >&2; exit 2; }
bin=${PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)}
[ -x "$bin/initdb" ] || { echo "pg-cluster: no PostgreSQL server found (apt-get install postgresql)" >&2; exit 1; }
account=${PG_ACCOUNT:-casebench-pg}

as_owner() {
    if [ "$(id -u)" -eq 0 ]; then setpriv --reuid "$account" --regid "$account" --init-groups "$@"; else "$@"; fi
}

if [ "$action" = stop ]; then
    if [ -d "$dir/data" ]; then as_owner "$bin/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null || true; fi
    rm -rf "$dir"
    if [ "$(id -u)" -eq 0 ] && getent passwd "$account" >/dev/null; then userdel "$account"; fi
    exit 0
fi

# The server must not keep its starter's other descriptors open: a program that started this
# script (a test's) may wait for them to close to know it has ended.
for fd in /proc/$$/fd/*; do
    fd=${fd##*/}
    case $fd in 0 | 1 | 2 | 255) ;; *) eval "exec $fd>&-" 2>/dev/null || true ;; esac
done

[ ! -e "$dir/data" ] || { echo "pg-cluster: $dir/data exists: stop that cluster first" >&2; exit 1; }
mkdir -p "$dir"
if [ "$(id -u)" -eq 0 ]; then
    getent passwd "$account" >/dev/null ||
        useradd --system --user-group --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin "$account"
    chown "$account:$account" "$dir"
fi
chmod 755 "$dir"
auth=(-A trust)
if [ -n "${PG_PASSWORD:-}" ]; then
    printf '%s\n' "$PG_PASSWORD" >"$dir/pwfile"
    [ "$(id -u)" -ne 0 ] || chown "$account:$account" "$dir/pwfile"
    chmod 600 "$dir/pwfile"
    auth=(-A scram-sha-256 --pwfile "$dir/pwfile")
fi
as_owner "$bin/initdb" -D "$dir/data" -U casebench "${auth[@]}" --no-sync -E UTF8 --locale C.UTF-8 >"$dir/initdb.log"
rm -f "$dir/pwfile"
durability="-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
[ "${PG_DURABLE:-0}" = 1 ] && durability=""
as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -o \
    "-k $dir -c listen_addresses='' $durability -c max_connections=250" \
    start >/dev/null
PGPASSWORD=${PG_PASSWORD:-} as_owner "$bin/createdb" -h "$dir" -U casebench casebench_test
echo "export CASEBENCH_TEST_POSTGRES='postgresql:///casebench_test?host=$dir&user=casebench'"
