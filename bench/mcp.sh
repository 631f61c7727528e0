#!/usr/bin/env bash
# Measures what the MCP surface adds over the REST call its tool makes, in the same run on one
# server (release build, SQLite, one I/O thread), driven by wrk over loopback:
#   rest: authenticated GET /v1/agents/{id}
#   mcp:  POST /mcp tools/call get_agent on an open session (the session looked up, the message
#         read, the same route called through Api::invoke, its answer wrapped as a tool result)
# The two alternate for several rounds; the medians of requests/s and p99 and their ratios.
# Usage: bench/mcp.sh [seconds per run, default 10] [connections, default 64] [rounds, default 3]
set -euo pipefail
cd "$(dirname "$0")/.."
duration=${1:-10}
connections=${2:-64}
rounds=${3:-3}
source bench/lib.sh
prepare agentry

start_agentry sqlite
port=$sqlite_port key=$sqlite_key agent=$sqlite_agent
session=$(curl -sf -D - -o /dev/null -X POST "127.0.0.1:$port/mcp" -H "Authorization: Bearer $key" \
  -H 'Content-Type: application/json' -H 'Accept: application/json, text/event-stream' \
  -d '{"jsonrpc":"2.0","id":0,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"bench","version":"1"}}}' |
  awk -F': ' 'tolower($1) == "mcp-session-id" {print $2}' | tr -d '\r')
[ -n "$session" ] || { echo "no MCP session" >&2; exit 1; }
export BENCH_KEY=$key BENCH_PATH=/v1/agents/$agent BENCH_SESSION=$session BENCH_AGENT=$agent

echo "warming up..." >&2
wrk -t1 -c"$connections" -d2s -s bench/get_agent.lua "http://127.0.0.1:$port" > /dev/null
wrk -t1 -c"$connections" -d2s -s bench/mcp_call.lua "http://127.0.0.1:$port" > /dev/null

rest_rps_all=(); rest_p99_all=(); mcp_rps_all=(); mcp_p99_all=()
for round in $(seq "$rounds"); do
  echo "round $round of $rounds..." >&2
  read -r r p < <(measure "http://127.0.0.1:$port" bench/get_agent.lua)
  rest_rps_all+=("$r"); rest_p99_all+=("$p")
  read -r r p < <(measure "http://127.0.0.1:$port" bench/mcp_call.lua)
  mcp_rps_all+=("$r"); mcp_p99_all+=("$p")
done
rest_rps=$(printf '%s\n' "${rest_rps_all[@]}" | median)
rest_p99=$(printf '%s\n' "${rest_p99_all[@]}" | median)
mcp_rps=$(printf '%s\n' "${mcp_rps_all[@]}" | median)
mcp_p99=$(printf '%s\n' "${mcp_p99_all[@]}" | median)
echo "requests/s by round: rest ${rest_rps_all[*]}; mcp ${mcp_rps_all[*]}" >&2

printf '%-46s %12s %10s\n' "median of $rounds rounds ($connections conns, ${duration}s)" "requests/s" "p99 ms"
printf '%-46s %12.0f %10s\n' "rest: GET /v1/agents/{id}" "$rest_rps" "$rest_p99"
printf '%-46s %12.0f %10s\n' "mcp: tools/call get_agent" "$mcp_rps" "$mcp_p99"
awk -v a="$mcp_rps" -v b="$rest_rps" -v c="$mcp_p99" -v d="$rest_p99" \
  'BEGIN {printf "ratio mcp/rest: requests/s %.2f, p99 %.2f\n", a / b, c / d}'
