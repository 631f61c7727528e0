#!/usr/bin/env bash
# Webhook deliveries per second and the lag from a change to its delivery, through agentry's
# outbox on SQLite (durable mode), beside a baseline that signs and POSTs the same payloads to the
# same loopback receiver without an outbox (bench/webhooks.mjs). A fresh server per round; rounds
# alternate inside webhooks.mjs; medians of the rounds are printed with their ratios.
# Usage: bench/webhooks.sh [burst, default 2000] [rate per second, default 200] [seconds, default 5]
#        [rounds, default 3]
set -euo pipefail
cd "$(dirname "$0")/.."
burst=${1:-2000}
rate=${2:-200}
seconds=${3:-5}
rounds=${4:-3}
duration=0
connections=0
source bench/lib.sh
prepare agentry
agentry_threads=${agentry_threads:-0}

results=()
for round in $(seq "$rounds"); do
  start_agentry "hooks$round" --allow-loopback-http-endpoints
  port_var=hooks${round}_port key_var=hooks${round}_key agent_var=hooks${round}_agent
  results+=("$(node bench/webhooks.mjs "http://127.0.0.1:${!port_var}" "${!key_var}" \
    "${!agent_var}" "$burst" "$rate" "$seconds")")
  echo "round $round: ${results[-1]}" >&2
done

field() {  # side key → the median over the rounds
  for r in "${results[@]}"; do
    node -e "console.log(JSON.parse(process.argv[1])['$1']['$2'])" "$r"
  done | median
}
a_rate=$(field agentry deliveriesPerSecond)
b_rate=$(field baseline deliveriesPerSecond)
printf '%-34s %12s %10s %10s\n' "" "deliveries/s" "lag p50" "lag p99"
printf '%-34s %12s %8s ms %8s ms\n' "baseline: sign + POST, no outbox" "$b_rate" \
  "$(field baseline lagP50)" "$(field baseline lagP99)"
printf '%-34s %12s %8s ms %8s ms\n' "agentry: PATCH → outbox → worker" "$a_rate" \
  "$(field agentry lagP50)" "$(field agentry lagP99)"
awk -v a="$a_rate" -v b="$b_rate" 'BEGIN {printf "ratio of deliveries/s (agentry / baseline): %.2f\n", a / b}'
