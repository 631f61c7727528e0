#!/usr/bin/env bash
# Settled marketplace tasks per second: post → accept → complete through HTTP (wrk driving
# bench/settle_tasks.lua over many connections) on SQLite in its durable mode (WAL,
# synchronous=FULL) and on PostgreSQL, beside the in-process baseline (bench_ledger_baseline: the
# same three transactions by the same domain code directly on SQLite) measured in the same run.
# Four posters, four workers with one agent each; agentry with its default I/O threads (one per
# core; agentry_threads=N overrides); on a 2-core machine wrk, agentry (and PostgreSQL) share
# the cores. Rounds alternate; medians are printed.
# Usage: bench/tasks.sh [seconds per run, default 8] [connections, default 64] [rounds, default 3]
set -euo pipefail
cd "$(dirname "$0")/.."
duration=${1:-8}
connections=${2:-64}
rounds=${3:-3}
source bench/lib.sh
prepare bench_ledger_baseline services
agentry_threads=${agentry_threads:-0}

psql -q "$AGENTRY_TEST_POSTGRES/postgres" -c "CREATE DATABASE bench_tasks"

# start_market NAME [serve flags...]: agentry with bench_market's posters and workers.
start_market() {
  local name=$1
  start_agentry "$@" --signup-credits 0
  local port_var=${name}_port
  bench_market "$name" "${!port_var}" "$(cat "$work/$name/data/admin.key")"
}

start_market sqlite
start_market postgres --db "$AGENTRY_TEST_POSTGRES/bench_tasks"

settle() {  # NAME → settled tasks per second
  local port_var=${1}_port posters_var=${1}_posters workers_var=${1}_workers
  settle_rate "${!port_var}" "${!posters_var}" "${!workers_var}" "$1"
}

declare -A rate_all
for round in $(seq "$rounds"); do
  echo "round $round of $rounds..." >&2
  r=$("$dir/bench/bench_ledger_baseline" "$work/baseline-$round" "$duration" "$connections" |
    awk '{print $2}')
  rate_all[baseline]+="$r "
  for c in sqlite postgres; do rate_all[$c]+="$(settle "$c") "; done
done

med() { printf '%s\n' ${1} | median; }
base=$(med "${rate_all[baseline]}")
sqlite_rate=$(med "${rate_all[sqlite]}")
printf '%-52s %14s %12s %14s\n' "median of $rounds rounds ($connections clients)" "settled/s" \
  "/ baseline" "/ on sqlite"
printf '%-52s %14.0f %12s %14s\n' "baseline: the 3 transactions in-process on SQLite" "$base" "1.00" "-"
for c in sqlite postgres; do
  r=$(med "${rate_all[$c]}")
  printf '%-52s %14.0f %12.2f %14.2f\n' "HTTP post+accept+complete on $c" "$r" \
    "$(awk -v a="$r" -v b="$base" 'BEGIN {print a / b}')" \
    "$(awk -v a="$r" -v b="$sqlite_rate" 'BEGIN {print a / b}')"
done
echo "settled/s by round:" >&2
for k in "${!rate_all[@]}"; do echo "  $k: ${rate_all[$k]}" >&2; done
