#!/usr/bin/env bash
# Measures what a seed system's surface (/compat/<system>) adds over the native route for the
# same read and the same write, in the same run on one server (release build, SQLite, one I/O
# thread), driven by wrk over loopback:
#   read:  GET /v1/agents/{id}  vs  AgenFleet GET /compat/agenfleet/v1/agents/{id} (the native
#          handler, its answer reshaped: unwrapped, status online/offline) and Agenco
#          GET /compat/agenco/api/v1/ext/agents/{id} (its own handler: the agent by reference)
#          and AgentMarket GET /compat/agentmarket/api/agents/{id} (its own handler: the agent from
#          the cache and, as every keyed answer there, the caller's balance from the store), beside
#          the native GET /v1/credits/balance (that balance read alone)
#   write: POST /v1/agents  vs  AgenFleet POST /compat/agenfleet/v1/agents
# Each kind alternates with its native baseline for several rounds; the medians of requests/s
# and p99 and their ratios to the native route.
# Usage: bench/compat.sh [seconds per run, default 10] [connections, default 64] [rounds, default 3]
set -euo pipefail
cd "$(dirname "$0")/.."
duration=${1:-10}
connections=${2:-64}
rounds=${3:-3}
source bench/lib.sh
prepare agentry

start_agentry sqlite
port=$sqlite_port agent=$sqlite_agent
export BENCH_KEY=$sqlite_key
url="http://127.0.0.1:$port"

declare -A reads=(
  [native]=/v1/agents/$agent
  [agenfleet]=/compat/agenfleet/v1/agents/$agent
  [agenco]=/compat/agenco/api/v1/ext/agents/$agent
  [agentmarket]=/compat/agentmarket/api/agents/$agent
  [balance]=/v1/credits/balance
)
# How each surface is handed the key: AgentMarket reads X-API-Key, the others a Bearer token.
declare -A key_header=([agentmarket]=X-API-Key)
declare -A writes=([native]=/v1/agents [agenfleet]=/compat/agenfleet/v1/agents)

echo "warming up..." >&2
for surface in native agenfleet agenco agentmarket balance; do
  BENCH_PATH=${reads[$surface]} BENCH_KEY_HEADER=${key_header[$surface]:-} wrk -t1 -c"$connections" -d2s -s bench/get_agent.lua "$url" > /dev/null
done

declare -A rps p99
round_of() {  # kind surface → appends "rps p99" of one run
  local out
  if [ "$1" = read ]; then
    export BENCH_PATH=${reads[$2]} BENCH_KEY_HEADER=${key_header[$2]:-}
    out=$(measure "$url" bench/get_agent.lua)
  else
    export BENCH_POST_PATH=${writes[$2]} BENCH_ROUND="$2-$round"
    out=$(measure "$url" bench/post_agent.lua)
  fi
  rps[$1/$2]+="${out% *} "
  p99[$1/$2]+="${out#* } "
}
for round in $(seq "$rounds"); do
  echo "round $round of $rounds..." >&2
  for surface in native agenfleet agenco agentmarket balance; do round_of read "$surface"; done
  for surface in native agenfleet; do round_of write "$surface"; done
done

med() { printf '%s\n' $1 | median; }
printf '%-52s %12s %10s %9s %9s\n' "median of $rounds rounds ($connections conns, ${duration}s)" \
  "requests/s" "p99 ms" "rps ×" "p99 ×"
row() {  # kind surface label
  local r p base_r base_p
  r=$(med "${rps[$1/$2]}"); p=$(med "${p99[$1/$2]}")
  base_r=$(med "${rps[$1/native]}"); base_p=$(med "${p99[$1/native]}")
  awk -v l="$3" -v r="$r" -v p="$p" -v br="$base_r" -v bp="$base_p" \
    'BEGIN {printf "%-52s %12.0f %10s %9.2f %9.2f\n", l, r, p, r / br, p / bp}'
}
row read native "read: GET /v1/agents/{id}"
row read agenfleet "read: AgenFleet GET /v1/agents/{id}"
row read agenco "read: Agenco GET /api/v1/ext/agents/{id}"
row read agentmarket "read: AgentMarket GET /api/agents/{id}"
row read balance "read: GET /v1/credits/balance"
row write native "write: POST /v1/agents"
row write agenfleet "write: AgenFleet POST /v1/agents"
