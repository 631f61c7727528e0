#!/usr/bin/env bash
# Many nodes, measured: three agentry nodes on one PostgreSQL database and one Redis, behind
# Debian's nginx as the load balancer, against one node alone on the same servers (its own
# database), alternating rounds:
#   read:    authenticated GET /v1/agents/{id}
#   write:   POST /v1/agents (a new agent per request)
#   settled: marketplace tasks, post → accept → complete (settle_tasks.lua)
# Then a rolling restart under load: while wrk reads and writes (each write with its own
# Idempotency-Key) through nginx, each node in turn gets SIGTERM, drains, starts again on its
# port and answers /readyz before the next one goes. nginx passes a request the stopping node
# refused (or dropped unanswered) to another node. It prints the requests that failed meanwhile —
# there must be none.
# Every process shares the machine's cores: on a small machine the cluster's figures show the
# cost of the extra hop and processes, not the gain of more machines.
# Usage: bench/cluster.sh [seconds per run, default 8] [connections, default 64] [rounds, default 3]
set -euo pipefail
cd "$(dirname "$0")/.."
duration=${1:-8}
connections=${2:-64}
rounds=${3:-3}
source bench/lib.sh
prepare bench_baseline_server services

psql -q "$AGENTRY_TEST_POSTGRES/postgres" -c "CREATE DATABASE bench_cluster" \
  -c "CREATE DATABASE bench_single"
# Every node of a deployment seals secrets with the same master key.
AGENTRY_MASTER_KEY=$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')
export AGENTRY_MASTER_KEY
node_flags=(--db "$AGENTRY_TEST_POSTGRES/bench_cluster" --redis "$AGENTRY_TEST_REDIS"
  --signup-credits 0)

# The node alone, with its bench account and market.
start_node single --db "$AGENTRY_TEST_POSTGRES/bench_single" --redis "$AGENTRY_TEST_REDIS" \
  --signup-credits 0
single_admin=$(cat "$work/single/data/admin.key")
bench_account single "$single_port" "$single_admin"
bench_market single "$single_port" "$single_admin"

# The cluster: node1 finds the database empty and makes the admin key; the others join it.
nodes=(node1 node2 node3)
for n in "${nodes[@]}"; do start_node "$n" "${node_flags[@]}"; done
cluster_admin=$(cat "$work/node1/data/admin.key")

# nginx from a configuration of its own in the scratch directory.
mkdir -p "$work/nginx/logs" "$work/nginx/temp"
nginx_port=$(node -e "const s = require('net').createServer(); s.listen(0, '127.0.0.1', () => { console.log(s.address().port); s.close(); })")
upstreams=""
for n in "${nodes[@]}"; do
  port_var=${n}_port
  upstreams+="    server 127.0.0.1:${!port_var} max_fails=1 fail_timeout=1s;"$'\n'
done
cat > "$work/nginx/nginx.conf" <<EOF
$([ "$(id -u)" -ne 0 ] || echo "user root;")
worker_processes 1;
pid $work/nginx/nginx.pid;
error_log $work/nginx/logs/error.log warn;
events { worker_connections 8192; }
http {
  access_log off;
  client_body_temp_path $work/nginx/temp/body;
  proxy_temp_path $work/nginx/temp/proxy;
  fastcgi_temp_path $work/nginx/temp/fastcgi;
  uwsgi_temp_path $work/nginx/temp/uwsgi;
  scgi_temp_path $work/nginx/temp/scgi;
  upstream agentry {
$upstreams    keepalive 128;
  }
  server {
    listen 127.0.0.1:$nginx_port backlog=4096;
    location / {
      proxy_pass http://agentry;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header X-Forwarded-For \$remote_addr;
      proxy_buffering off;
      # A node that refuses the connection or closes it unanswered (it is stopping) is skipped;
      # a write goes again only because it carries an Idempotency-Key.
      proxy_next_upstream error timeout non_idempotent;
      proxy_next_upstream_tries 3;
    }
  }
}
EOF
nginx_do() { nginx -c "$work/nginx/nginx.conf" -p "$work/nginx" "$@" 2>> "$work/nginx/logs/cli.log"; }
nginx_do
trap 'nginx_do -s quit || true; cleanup' EXIT
for _ in $(seq 50); do curl -sf "127.0.0.1:$nginx_port/healthz" > /dev/null && break; sleep 0.1; done

bench_account cluster "$nginx_port" "$cluster_admin"
bench_market cluster "$nginx_port" "$cluster_admin"

declare -A rps_all
port_of_config() { [ "$1" = single ] && echo "$single_port" || echo "$nginx_port"; }
echo "warming up..." >&2
for c in single cluster; do
  key_var=${c}_key agent_var=${c}_agent
  BENCH_KEY=${!key_var} BENCH_PATH=/v1/agents/${!agent_var} wrk -t1 -c"$connections" -d2s \
    -s bench/get_agent.lua "http://127.0.0.1:$(port_of_config "$c")" > /dev/null
done
for round in $(seq "$rounds"); do
  echo "round $round of $rounds..." >&2
  for c in single cluster; do
    port=$(port_of_config "$c") key_var=${c}_key agent_var=${c}_agent
    read -r r _ < <(BENCH_KEY=${!key_var} BENCH_PATH=/v1/agents/${!agent_var} \
      measure "http://127.0.0.1:$port" bench/get_agent.lua)
    rps_all[read-$c]+="$r "
    read -r r _ < <(BENCH_KEY=${!key_var} BENCH_ROUND=$round \
      measure "http://127.0.0.1:$port" bench/post_agent.lua)
    rps_all[write-$c]+="$r "
    posters_var=${c}_posters workers_var=${c}_workers
    rps_all[settled-$c]+="$(settle_rate "$port" "${!posters_var}" "${!workers_var}" "$c") "
  done
done

med() { printf '%s\n' ${1} | median; }
printf '%-44s %14s %14s %10s\n' "median of $rounds rounds ($connections conns)" "one node" \
  "3 + nginx" "cluster/one"
for what in read write settled; do
  one=$(med "${rps_all[$what-single]}")
  three=$(med "${rps_all[$what-cluster]}")
  case $what in
    read) label="GET /v1/agents/{id} (requests/s)" ;;
    write) label="POST /v1/agents (requests/s)" ;;
    settled) label="settled marketplace tasks/s" ;;
  esac
  printf '%-44s %14.0f %14.0f %10.2f\n' "$label" "$one" "$three" \
    "$(awk -v a="$three" -v b="$one" 'BEGIN {print a / b}')"
done
echo "by round:" >&2
for k in "${!rps_all[@]}"; do echo "  $k: ${rps_all[$k]}" >&2; done

# The rolling restart, under a read load and a write load through nginx. Each write carries an
# Idempotency-Key, as a client that retries would.
echo "rolling restart under load..." >&2
load_seconds=$((${#nodes[@]} * 6 + 4))
BENCH_KEY=$cluster_key BENCH_PATH=/v1/agents/$cluster_agent wrk -t1 -c"$((connections / 2))" \
  -d"${load_seconds}s" -s bench/get_agent.lua "http://127.0.0.1:$nginx_port" > "$work/roll-read.txt" &
read_load=$!
BENCH_KEY=$cluster_key BENCH_ROUND=roll BENCH_IDEMPOTENT=1 wrk -t1 -c"$((connections / 2))" \
  -d"${load_seconds}s" -s bench/post_agent.lua "http://127.0.0.1:$nginx_port" > "$work/roll-write.txt" &
write_load=$!
sleep 2
for n in "${nodes[@]}"; do
  pid_var=${n}_pid port_var=${n}_port
  old_pid=${!pid_var} port=${!port_var}
  kill -TERM "$old_pid"
  wait "$old_pid" || { echo "$n did not exit cleanly: $(tail -3 "$work/$n/err.log")" >&2; exit 1; }
  bench_port=$port start_node "$n" "${node_flags[@]}"
  for _ in $(seq 100); do curl -sf "127.0.0.1:$port/readyz" > /dev/null && break; sleep 0.1; done
  echo "  $n restarted" >&2
  sleep 2
done
wait "$read_load" "$write_load"
failures() {  # wrk output → requests that failed (non-2xx answers and socket errors)
  awk '/Non-2xx/ {n += $5} /Socket errors/ {gsub(",", ""); n += $4 + $6 + $8 + $10} END {print n + 0}' "$1"
}
total() { awk '/requests in/ {print $1}' "$1"; }
read_failed=$(failures "$work/roll-read.txt")
write_failed=$(failures "$work/roll-write.txt")
printf 'rolling restart of %d nodes under load: reads %s (failed %s), writes %s (failed %s)\n' \
  "${#nodes[@]}" "$(total "$work/roll-read.txt")" "$read_failed" "$(total "$work/roll-write.txt")" \
  "$write_failed"
[ "$read_failed" = 0 ] && [ "$write_failed" = 0 ] || { cat "$work"/roll-*.txt >&2; exit 1; }
