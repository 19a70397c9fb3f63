#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the register's tests, in .pgtest/ under the checkout
# (never /tmp), reached only through a socket there (no TCP port to clash with anyone's):
#   export POLICY_TEST_DATABASE_URL=$(tests/pg_cluster.sh start)
#   tests/pg_cluster.sh stop      # stops it and removes the folder
# As root (PostgreSQL will not run as root) the cluster belongs to the postgres user.
set -euo pipefail
dir="$(cd "$(dirname "$0")/.." && pwd)/.pgtest"
as_owner() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
case "${1:-}" in
  start)
    if [ ! -d "$dir/data" ]; then
      mkdir -p "$dir" && chmod 700 "$dir"
      if [ "$(id -u)" = 0 ]; then chown postgres "$dir"; fi
      as_owner initdb -D "$dir/data" -U postgres --auth=trust -E UTF8 >"$dir/initdb.log"
    fi
    as_owner pg_ctl -D "$dir/data" status >/dev/null ||
      as_owner pg_ctl -D "$dir/data" -l "$dir/server.log" -w \
        -o "-k $dir -c listen_addresses=''" start >/dev/null
    as_owner psql -h "$dir" -U postgres -qtc "SELECT 1 FROM pg_database WHERE datname = 'register_test'" \
      | grep -q 1 || as_owner createdb -h "$dir" -U postgres register_test
    echo "postgresql+psycopg://postgres@/register_test?host=$dir"
    ;;
  stop)
    as_owner pg_ctl -D "$dir/data" -m fast -w stop >/dev/null
    rm -rf "$dir"
    ;;
  *) echo "usage: $0 start|stop" >&2; exit 2 ;;
esac
