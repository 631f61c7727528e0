#!/usr/bin/env bash
# Runs per second through the queue with the echo provider on SQLite (durable mode: WAL,
# synchronous=FULL): wrk queues runs of 8 public echo agents priced 0.001 credits (so each run
# holds and captures) over many connections; the rate is the runs queued divided by the time
# until the last of them has completed. Beside it, the in-process baseline (bench_runs_baseline:
# the same three transactions per run by the same domain code directly on SQLite) measured in
# the same run. agentry with its default I/O threads (one per core; agentry_threads=N
# overrides); wrk shares the cores. Rounds alternate; medians are printed.
# Usage: bench/runs.sh [seconds per run, default 8] [connections, default 64] [rounds, default 3]
set -euo pipefail
cd "$(dirname "$0")/.."
duration=${1:-8}
connections=${2:-64}
rounds=${3:-3}
source bench/lib.sh
prepare bench_runs_baseline
agentry_threads=${agentry_threads:-0}

# A fresh server per round, so that each starts with an empty queue and store.
start_runs() {  # NAME → sets NAME_port, NAME_key (the consumer), NAME_agents
  local name=$1 port admin key owner agents=""
  start_agentry "$name" --signup-credits 0 --run-workers 256 --run-agent-concurrency 64
  local port_var=${name}_port
  port=${!port_var}
  admin=$(cat "$work/$name/data/admin.key")
  key=$(bench_funded_account "$port" "$admin" consumer)
  owner=$(curl -sf -X POST "127.0.0.1:$port/v1/accounts" -H "Authorization: Bearer $admin" \
    -d '{"name":"owner","plan":"bench"}' | sed 's/.*"key":"\([^"]*\)".*/\1/')
  for i in 1 2 3 4 5 6 7 8; do
    agents+="${agents:+,}$(curl -sf -X POST "127.0.0.1:$port/v1/agents" \
      -H "Authorization: Bearer $owner" \
      -d "{\"name\":\"echo$i\",\"model\":\"echo\",\"visibility\":\"public\",\"pricePerTask\":0.001}" |
      sed 's/.*"id":"\(agt_[^"]*\)".*/\1/')"
  done
  printf -v "${name}_key" '%s' "$key"
  printf -v "${name}_agents" '%s' "$agents"
}

open_runs() {  # PORT KEY STATUS → how many runs in STATUS (0 or 1: it reads one)
  curl -sf "127.0.0.1:$1/v1/runs?status=$3&limit=1" -H "Authorization: Bearer $2" |
    grep -c '"id":"run_' || true
}

runs_rate() {  # NAME → runs completed per second, from the first queued to the last completed
  local port_var=${1}_port key_var=${1}_key agents_var=${1}_agents start out queued failed end
  local port=${!port_var} key=${!key_var}
  start=$(date +%s.%N)
  out=$(BENCH_KEY=$key BENCH_AGENTS=${!agents_var} wrk -t1 -c"$connections" -d"${duration}s" \
    -s bench/post_runs.lua "http://127.0.0.1:$port")
  queued=$(echo "$out" | awk '/^queued/ {print $2}')
  failed=$(echo "$out" | awk '/^queued/ {print $4}')
  [ "$failed" = 0 ] || { echo "$1: $failed requests failed; $(echo "$out" | grep '^first')" >&2; exit 1; }
  while [ "$(open_runs "$port" "$key" queued)" != 0 ] || [ "$(open_runs "$port" "$key" active)" != 0 ]; do
    sleep 0.02
  done
  end=$(date +%s.%N)
  [ "$(open_runs "$port" "$key" failed)" = 0 ] || { echo "$1: runs failed" >&2; exit 1; }
  awk -v q="$queued" -v s="$start" -v e="$end" 'BEGIN {printf "%.0f", q / (e - s)}'
}

declare -A rate_all
for round in $(seq "$rounds"); do
  echo "round $round of $rounds..." >&2
  r=$("$dir/bench/bench_runs_baseline" "$work/baseline-$round" "$duration" "$connections" |
    awk '{print $2}')
  rate_all[baseline]+="$r "
  start_runs "sqlite$round"
  rate_all[sqlite]+="$(runs_rate "sqlite$round") "
  pid_var=sqlite${round}_pid
  kill "${!pid_var}"
done

med() { printf '%s\n' ${1} | median; }
base=$(med "${rate_all[baseline]}")
r=$(med "${rate_all[sqlite]}")
printf '%-56s %12s %12s\n' "median of $rounds rounds ($connections clients)" "runs/s" "/ baseline"
printf '%-56s %12.0f %12s\n' "baseline: create+claim+finish in-process on SQLite" "$base" "1.00"
printf '%-56s %12.0f %12.2f\n' "HTTP POST runs, echo agents, queue drained, SQLite" "$r" \
  "$(awk -v a="$r" -v b="$base" 'BEGIN {print a / b}')"
echo "runs/s by round:" >&2
for k in "${!rate_all[@]}"; do echo "  $k: ${rate_all[$k]}" >&2; done
