#!/usr/bin/env bash
# Compares the stores, each driven by wrk over loopback in the same run as the bare Beast baseline:
#   sqlite:      agentry on its embedded SQLite file
#   postgres:    agentry on PostgreSQL (a throwaway cluster on loopback), rate limits in-process
#   pg+redis:    agentry on PostgreSQL with rate limits in Redis (the many-node set-up)
# For each: authenticated GET /v1/agents/{id} and POST /v1/agents (a new agent per request).
# Configurations alternate for several rounds; medians are printed with the ratio to the baseline
# and to the same request on SQLite. One agentry I/O thread each; on a 2-core machine wrk,
# agentry and the PostgreSQL server share the cores.
# Usage: bench/stores.sh [seconds per run, default 8] [connections, default 64] [rounds, default 3]
set -euo pipefail
cd "$(dirname "$0")/.."
duration=${1:-8}
connections=${2:-64}
rounds=${3:-3}
source bench/lib.sh
prepare bench_baseline_server services

psql -q "$AGENTRY_TEST_POSTGRES/postgres" -c "CREATE DATABASE bench_pg" -c "CREATE DATABASE bench_pgr"

"$dir/bench/bench_baseline_server" 0 1 2> "$work/baseline.log" &
pids+=($!)
base_port=$(port_of "$work/baseline.log")
start_agentry sqlite
start_agentry postgres --db "$AGENTRY_TEST_POSTGRES/bench_pg"
start_agentry pgredis --db "$AGENTRY_TEST_POSTGRES/bench_pgr" --redis "$AGENTRY_TEST_REDIS"

configs=(sqlite postgres pgredis)
declare -A rps_all p99_all
run() {  # label url [lua]
  read -r r p < <(measure "$2" "${3:-}")
  rps_all[$1]+="$r "
  p99_all[$1]+="$p "
}
echo "warming up..." >&2
wrk -t1 -c"$connections" -d2s "http://127.0.0.1:$base_port/" > /dev/null
for c in "${configs[@]}"; do
  port_var=${c}_port key_var=${c}_key agent_var=${c}_agent
  BENCH_KEY=${!key_var} BENCH_PATH=/v1/agents/${!agent_var} wrk -t1 -c"$connections" -d2s \
    -s bench/get_agent.lua "http://127.0.0.1:${!port_var}" > /dev/null
done
for round in $(seq "$rounds"); do
  echo "round $round of $rounds..." >&2
  run baseline "http://127.0.0.1:$base_port/"
  for c in "${configs[@]}"; do
    port_var=${c}_port key_var=${c}_key agent_var=${c}_agent
    BENCH_KEY=${!key_var} BENCH_PATH=/v1/agents/${!agent_var} \
      run "get-$c" "http://127.0.0.1:${!port_var}" bench/get_agent.lua
    BENCH_KEY=${!key_var} BENCH_ROUND=$round \
      run "post-$c" "http://127.0.0.1:${!port_var}" bench/post_agent.lua
  done
done

med() { printf '%s\n' ${1} | median; }
base=$(med "${rps_all[baseline]}")
printf '%-34s %11s %8s %12s %12s\n' "median of $rounds rounds ($connections conns)" "requests/s" "p99 ms" \
  "/ baseline" "/ same on sqlite"
printf '%-34s %11.0f %8s %12s %12s\n' "baseline: bare Beast hello world" "$base" \
  "$(med "${p99_all[baseline]}")" "1.00" "-"
for request in get post; do
  sqlite_rps=$(med "${rps_all[$request-sqlite]}")
  for c in "${configs[@]}"; do
    r=$(med "${rps_all[$request-$c]}")
    label="$([ "$request" = get ] && echo "GET /v1/agents/{id}" || echo "POST /v1/agents") on $c"
    printf '%-34s %11.0f %8s %12.2f %12.2f\n' "$label" "$r" "$(med "${p99_all[$request-$c]}")" \
      "$(awk -v a="$r" -v b="$base" 'BEGIN {print a / b}')" \
      "$(awk -v a="$r" -v b="$sqlite_rps" 'BEGIN {print a / b}')"
  done
done
echo "requests/s by round:" >&2
for k in "${!rps_all[@]}"; do echo "  $k: ${rps_all[$k]}" >&2; done
