#!/usr/bin/env bash
# Live streams at scale: memory per stream, CPU while streams sit idle, and the time an event
# takes to reach every stream, for agentry's agent-log streams beside a bare Node.js push server
# (bench/streams_baseline.mjs) in the same run; bench/streams.mjs measures both. A fresh agentry
# per round (release build, one I/O thread); medians of the rounds and their ratios.
# With "postgres", two agentry nodes share a throwaway PostgreSQL database: the streams are held
# by one node and each event is made through the other, so that it reaches them by notification.
# Usage: bench/streams.sh [streams, default 5000] [idle seconds, default 10] [events, default 5]
#        [rounds, default 3] [sqlite | postgres, default sqlite]
set -euo pipefail
cd "$(dirname "$0")/.."
count=${1:-5000}
idle=${2:-10}
events=${3:-5}
rounds=${4:-3}
store=${5:-sqlite}
duration=0
connections=0
source bench/lib.sh
case "$store" in
  sqlite) prepare agentry ;;
  postgres)
    prepare agentry services
    # Every node of one database seals secrets with the same master key.
    AGENTRY_MASTER_KEY=$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')
    export AGENTRY_MASTER_KEY ;;
  *) echo "store: sqlite or postgres" >&2; exit 1 ;;
esac
# Each stream is a socket on both sides: the client, agentry and the baseline all need room.
ulimit -n "$(ulimit -Hn)"
[ "$(ulimit -n)" -gt $((count + 1000)) ] || { echo "raise the open-file limit above $((count + 1000))" >&2; exit 1; }

results=()
for round in $(seq "$rounds"); do
  # Node "streams" holds the streams; node "events" (the same one on SQLite) makes the events.
  events_node=streams$round
  if [ "$store" = postgres ]; then
    psql -q "$AGENTRY_TEST_POSTGRES/postgres" -c "CREATE DATABASE streams$round"
    start_agentry "streams$round" --db "$AGENTRY_TEST_POSTGRES/streams$round" --run-workers 0 \
      --max-connections $((count + 100))
    start_node "events$round" --db "$AGENTRY_TEST_POSTGRES/streams$round"
    events_node=events$round
  else
    start_agentry "streams$round" --max-connections $((count + 100))
  fi
  node bench/streams_baseline.mjs 2> "$work/baseline$round.log" &
  base_pid=$!
  pids+=("$base_pid")
  base_port=$(port_of "$work/baseline$round.log")
  port_var=streams${round}_port key_var=streams${round}_key agent_var=streams${round}_agent pid_var=streams${round}_pid
  events_port_var=${events_node}_port events_pid_var=${events_node}_pid
  results+=("$(node bench/streams.mjs "http://127.0.0.1:${!port_var}" "${!key_var}" "${!agent_var}" \
    "${!pid_var}" "http://127.0.0.1:$base_port" "$base_pid" "$count" "$idle" "$events" \
    "http://127.0.0.1:${!events_port_var}")")
  echo "round $round: ${results[-1]}" >&2
  kill "${!pid_var}" "${!events_pid_var}" "$base_pid" 2>/dev/null || true
done

field() {  # side key → the median over the rounds
  for r in "${results[@]}"; do
    node -e "console.log(JSON.parse(process.argv[1])['$1']['$2'])" "$r"
  done | median
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "—" }'; }
printf '%-30s %10s %12s %12s %12s %12s\n' "$count streams ($store)" "KB/stream" "idle % core" "fan-out p50" "fan-out p99" "last stream"
for side in baseline agentry; do
  printf '%-30s %10s %12s %9s ms %9s ms %9s ms\n' "$side" "$(field $side kbPerStream)" \
    "$(field $side idleCorePercent)" "$(field $side fanoutP50Ms)" "$(field $side fanoutP99Ms)" \
    "$(field $side fanoutLastMs)"
done
printf '%-30s %10s %12s %12s %12s %12s\n' "ratio agentry / baseline" \
  "$(ratio "$(field agentry kbPerStream)" "$(field baseline kbPerStream)")" \
  "$(ratio "$(field agentry idleCorePercent)" "$(field baseline idleCorePercent)")" \
  "$(ratio "$(field agentry fanoutP50Ms)" "$(field baseline fanoutP50Ms)")" \
  "$(ratio "$(field agentry fanoutP99Ms)" "$(field baseline fanoutP99Ms)")" \
  "$(ratio "$(field agentry fanoutLastMs)" "$(field baseline fanoutLastMs)")"
