#!/usr/bin/env bash
# Starts (or stops) a throwaway PostgreSQL cluster and a Redis server for the tests and the
# benchmarks: files in DIR, listening on free loopback ports, no system service involved.
#   scripts/test-services.sh start DIR   prints AGENTRY_TEST_POSTGRES=... and AGENTRY_TEST_REDIS=...
#                                        (shell assignments, for eval)
#   scripts/test-services.sh stop DIR
# PostgreSQL refuses to run as root; as root the cluster runs as the `postgres` user that
# Debian's package creates.
set -euo pipefail
action=${1:?start or stop}
dir=${2:?directory}
pg_bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)

as_owner() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

free_port() {
  node -e "const s = require('net').createServer();
    s.listen(0, '127.0.0.1', () => { console.log(s.address().port); s.close(); });"
}

case "$action" in
  start)
    mkdir -p "$dir/pg" "$dir/redis"
    if [ "$(id -u)" -eq 0 ]; then chown postgres "$dir/pg"; chmod o+x "$dir"; fi
    as_owner "$pg_bin/initdb" -D "$dir/pg/data" -U postgres --auth=trust -E UTF8 --locale=C \
      --no-sync > "$dir/pg/initdb.log"
    pg_port=$(free_port)
    as_owner "$pg_bin/pg_ctl" -D "$dir/pg/data" -l "$dir/pg/server.log" -w -t 60 \
      -o "-c listen_addresses=127.0.0.1 -p $pg_port -c unix_socket_directories=$dir/pg \
          -c max_connections=400 -c shared_buffers=64MB -c fsync=off -c full_page_writes=off" \
      start > /dev/null
    redis_port=$(free_port)
    redis-server --bind 127.0.0.1 --port "$redis_port" --dir "$dir/redis" --save '' \
      --appendonly no --daemonize yes --pidfile "$dir/redis/redis.pid" \
      --logfile "$dir/redis/redis.log"
    for _ in $(seq 100); do
      redis-cli -p "$redis_port" ping > /dev/null 2>&1 && break
      sleep 0.1
    done
    echo "AGENTRY_TEST_POSTGRES=postgres://postgres@127.0.0.1:$pg_port"
    echo "AGENTRY_TEST_REDIS=redis://127.0.0.1:$redis_port"
    ;;
  stop)
    if [ -f "$dir/pg/data/postmaster.pid" ]; then
      as_owner "$pg_bin/pg_ctl" -D "$dir/pg/data" -m fast -w stop > /dev/null || true
    fi
    if [ -f "$dir/redis/redis.pid" ]; then kill "$(cat "$dir/redis/redis.pid")" 2>/dev/null || true; fi
    rm -rf "$dir"
    ;;
  *) echo "usage: $0 start|stop DIR" >&2; exit 2 ;;
esac
