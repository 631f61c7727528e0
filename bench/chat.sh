#!/usr/bin/env bash
# The latency agentry adds to a streamed chat turn: open-loop load at a fixed rate (default 500
# requests/s) of streamed turns through POST /v1/agents/{id}/chat, and the same rate of streamed
# Chat Completions straight to the provider agentry calls (a local stand-in that streams 20
# chunks at once), and the same turns through agentry's own POST /v1/chat/completions, in
# alternating rounds. For each it prints p50 and p99 of the time to the
# first token and to the end of the stream, and what agentry adds (the difference of each
# percentile). Every request opens its own connection in each, as agentry closes a connection
# after a stream; agentry keeps its connections to the provider open between turns. agentry
# runs on SQLite (each turn is two durable transactions: the hold with the user's message, then
# the reply with its capture) with its default I/O threads; the load generator (one C++ thread,
# bench/chat_load.cpp) and the stand-in (node) share the machine's cores with it.
# Usage: bench/chat.sh [seconds per round, default 5] [requests/s, default 500] [rounds, default 3]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-5}
rate=${2:-500}
rounds=${3:-3}
source bench/lib.sh
prepare bench_chat_load
agentry_threads=${agentry_threads:-0}

node bench/stream_upstream.mjs > "$work/upstream.log" 2>&1 &
pids+=($!)
upstream=$(port_of "$work/upstream.log")
export AGENTRY_OPENAI_API_KEY=sk-bench
start_agentry chat --openai-base-url "http://127.0.0.1:$upstream/v1"
admin=$(cat "$work/chat/data/admin.key")
# Ten accounts with credits, as each account may hold 10 live streams on a node; the agent is
# public so that all of them chat with it.
agent=$(curl -sf -X POST "127.0.0.1:$chat_port/v1/agents" -H "Authorization: Bearer $chat_key" \
  -d '{"name":"chatty","model":"gpt-4o-mini","systemPrompt":"Be brief.","visibility":"public"}' |
  sed 's/.*"id":"\(agt_[^"]*\)".*/\1/')
keys=""
for i in $(seq 10); do
  out=$(curl -sf -X POST "127.0.0.1:$chat_port/v1/accounts" -H "Authorization: Bearer $admin" \
    -d "{\"name\":\"chatter$i\",\"plan\":\"bench\"}")
  id=$(echo "$out" | sed 's/.*"account":{"id":"\([^"]*\)".*/\1/')
  curl -sf -X POST "127.0.0.1:$chat_port/v1/accounts/$id/credits" -H "Authorization: Bearer $admin" \
    -d '{"amount":1000000,"reason":"benchmark"}' > /dev/null
  keys+="${keys:+,}$(echo "$out" | sed 's/.*"key":"\([^"]*\)".*/\1/')"
done

measure_direct() {
  URL="http://127.0.0.1:$upstream/v1/chat/completions" RATE=$rate DURATION=$seconds \
    MARKER='"content":"w0' BODY='{"model":"gpt-4o-mini","stream":true,"messages":[{"role":"user","content":"hi"}]}' \
    "$dir/bench/bench_chat_load"
}
measure_agentry() {
  URL="http://127.0.0.1:$chat_port/v1/agents/$agent/chat" KEYS=$keys RATE=$rate \
    DURATION=$seconds MARKER='event: delta' BODY='{"message":"hi","stream":true}' \
    "$dir/bench/bench_chat_load"
}
# The same turn through the OpenAI surface: a stateless turn, its text in chat.completion.chunk
# events (the first, with the role, holds no text).
measure_completions() {
  URL="http://127.0.0.1:$chat_port/v1/chat/completions" KEYS=$keys RATE=$rate \
    DURATION=$seconds MARKER='"content":"w0' \
    BODY="{\"model\":\"$agent\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}" \
    "$dir/bench/bench_chat_load"
}

declare -A col
for round in $(seq "$rounds"); do
  echo "round $round of $rounds..." >&2
  for target in direct agentry completions; do
    read -r f50 f99 w50 w99 errors < <("measure_$target")
    [ "$errors" = 0 ] || { echo "$target: $errors requests failed" >&2; exit 1; }
    col[$target.f50]+="$f50 "; col[$target.f99]+="$f99 "
    col[$target.w50]+="$w50 "; col[$target.w99]+="$w99 "
    echo "  $target: first token p50 $f50 p99 $f99, whole stream p50 $w50 p99 $w99 ms" >&2
  done
done

med() { printf '%s\n' ${1} | median; }
printf '%-44s %10s %10s %10s %10s\n' "median of $rounds rounds at $rate req/s (ms)" "first p50" \
  "first p99" "whole p50" "whole p99"
for target in direct agentry completions; do
  printf '%-44s %10.3f %10.3f %10.3f %10.3f\n' "$target" "$(med "${col[$target.f50]}")" \
    "$(med "${col[$target.f99]}")" "$(med "${col[$target.w50]}")" "$(med "${col[$target.w99]}")"
done
added() {  # label target baseline: the difference of each median
  printf '%-44s %10.3f %10.3f %10.3f %10.3f\n' "$1" \
    "$(awk -v a="$(med "${col[$2.f50]}")" -v b="$(med "${col[$3.f50]}")" 'BEGIN {print a - b}')" \
    "$(awk -v a="$(med "${col[$2.f99]}")" -v b="$(med "${col[$3.f99]}")" 'BEGIN {print a - b}')" \
    "$(awk -v a="$(med "${col[$2.w50]}")" -v b="$(med "${col[$3.w50]}")" 'BEGIN {print a - b}')" \
    "$(awk -v a="$(med "${col[$2.w99]}")" -v b="$(med "${col[$3.w99]}")" 'BEGIN {print a - b}')"
}
added "added by agentry" agentry direct
added "added by /v1/chat/completions over native" completions agentry
