#!/usr/bin/env bash
# Measures agentry against a bare Beast hello-world server, both built in release mode and driven
# by wrk over loopback in the same run:
#   baseline:  GET / on bench_baseline_server
#   agentry:   authenticated GET /v1/agents/{id} with every middleware on (request id, access log
#              to a file, auth, rate limit, routing, agent lookup, JSON)
# The two alternate for several rounds, so that a noisy neighbour hits both alike; the medians of
# requests/s and p99 and the ratio of the medians are printed, then agentry's RSS.
# Usage: bench/run.sh [seconds per run, default 10] [connections, default 64] [rounds, default 3]
set -euo pipefail
cd "$(dirname "$0")/.."
duration=${1:-10}
connections=${2:-64}
rounds=${3:-3}
source bench/lib.sh
prepare bench_baseline_server

"$dir/bench/bench_baseline_server" 0 1 2> "$work/baseline.log" &
pids+=($!)
base_port=$(port_of "$work/baseline.log")

start_agentry sqlite
port=$sqlite_port key=$sqlite_key agent=$sqlite_agent agentry_pid=$sqlite_pid
sleep 0.5
idle_rss_kb=$(awk '/VmRSS/ {print $2}' /proc/$agentry_pid/status)

echo "warming up..." >&2
wrk -t1 -c"$connections" -d2s "http://127.0.0.1:$base_port/" > /dev/null
BENCH_KEY=$key BENCH_PATH=/v1/agents/$agent wrk -t1 -c"$connections" -d2s -s bench/get_agent.lua \
  "http://127.0.0.1:$port" > /dev/null

base_rps_all=(); base_p99_all=(); rps_all=(); p99_all=()
for round in $(seq "$rounds"); do
  echo "round $round of $rounds..." >&2
  read -r r p < <(measure "http://127.0.0.1:$base_port/")
  base_rps_all+=("$r"); base_p99_all+=("$p")
  read -r r p < <(BENCH_KEY=$key BENCH_PATH=/v1/agents/$agent measure "http://127.0.0.1:$port" bench/get_agent.lua)
  rps_all+=("$r"); p99_all+=("$p")
done
base_rps=$(printf '%s\n' "${base_rps_all[@]}" | median)
base_p99=$(printf '%s\n' "${base_p99_all[@]}" | median)
rps=$(printf '%s\n' "${rps_all[@]}" | median)
p99=$(printf '%s\n' "${p99_all[@]}" | median)
echo "agentry requests/s by round: ${rps_all[*]}; baseline: ${base_rps_all[*]}" >&2
after_rss_kb=$(awk '/VmRSS/ {print $2}' /proc/$agentry_pid/status)

printf '%-42s %12s %10s\n' "median of $rounds rounds ($connections conns, ${duration}s)" "requests/s" "p99 ms"
printf '%-42s %12.0f %10s\n' "baseline: bare Beast hello world" "$base_rps" "$base_p99"
printf '%-42s %12.0f %10s\n' "agentry: GET /v1/agents/{id}, authenticated" "$rps" "$p99"
awk -v a="$rps" -v b="$base_rps" 'BEGIN {printf "ratio agentry/baseline (requests/s): %.2f\n", a / b}'
echo "agentry RSS: idle after start $((idle_rss_kb / 1024)) MB, after the run $((after_rss_kb / 1024)) MB"
