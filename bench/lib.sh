# Shell functions shared by the benchmark scripts (sourced, not run). The caller sets
# `duration` and `connections`, calls prepare, and appends the pids of servers it starts to `pids`.

# prepare TARGET [services]: installs what is missing, builds agentry in release mode and the
# benchmark's TARGET, sets `dir` (the build) and `work` (a scratch directory) and, with
# "services", starts a throwaway PostgreSQL cluster and Redis server (AGENTRY_TEST_POSTGRES,
# AGENTRY_TEST_REDIS). Everything is stopped and removed when the script exits.
prepare() {
  scripts/deps.sh --bench
  dir=$(scripts/build.sh release)
  cmake --build "$dir" --target "$1" -j 2 >&2
  work=$(mktemp -d)
  pids=()
  services=""
  [ "${2:-}" != services ] || services=$(mktemp -d)  # its own: the postgres user must enter it
  trap cleanup EXIT
  [ -z "$services" ] || eval "$(scripts/test-services.sh start "$services")"
}

cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null
  [ -z "${services:-}" ] || scripts/test-services.sh stop "$services"
  rm -rf "$work"
}

port_of() {  # waits for "listening on HOST:PORT" in a log file
  for _ in $(seq 100); do
    p=$(grep -o 'listening on [0-9.]*:[0-9]*' "$1" 2>/dev/null | head -1 | sed 's/.*://')
    [ -n "$p" ] && { echo "$p"; return; }
    sleep 0.1
  done
  echo "server did not start: $(cat "$1")" >&2; exit 1
}

# wrk prints "Requests/sec: N" and, with --latency, "99%  1.23ms".
measure() {  # url [lua] → "rps p99_ms"
  local out
  if [ -n "${2:-}" ]; then
    out=$(wrk -t1 -c"$connections" -d"${duration}s" --latency -s "$2" "$1")
  else
    out=$(wrk -t1 -c"$connections" -d"${duration}s" --latency "$1")
  fi
  local rps p99 non2xx
  rps=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
  p99=$(echo "$out" | awk '$1 == "99%" {print $2}')
  non2xx=$(echo "$out" | awk '/Non-2xx/ {print $5}')
  [ -z "$non2xx" ] || { echo "non-2xx responses during the run: $non2xx" >&2; exit 1; }
  case "$p99" in
    *us) p99=$(awk -v v="${p99%us}" 'BEGIN {printf "%.3f", v / 1000}') ;;
    *ms) p99=${p99%ms} ;;
    *s) p99=$(awk -v v="${p99%s}" 'BEGIN {printf "%.3f", v * 1000}') ;;
  esac
  echo "$rps $p99"
}

median() { sort -g | awk '{v[NR] = $1} END {print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}'; }

# start_node NAME [serve flags...]: starts agentry with one I/O thread (or $agentry_threads; 0:
# one per core) on a plan whose limit is never reached and sets NAME_port and NAME_pid. It listens
# on 127.0.0.1, on $bench_port when set (a node restarted where it was), else on a free port.
# AGENTRY_BENCH_BINARY runs another agentry binary instead (an A/B against an older build).
start_node() {
  local name=$1; shift
  mkdir -p "$work/$name"
  echo '{"plans": [{"id": "bench", "name": "Bench", "requestsPerMinute": 1000000000, "tokensPerMinute": 1000000000000, "maxStreams": 100000, "features": ["webhooks"]}]}' \
    > "$work/$name/plans.json"
  "${AGENTRY_BENCH_BINARY:-$dir/src/app/agentry}" serve --data "$work/$name/data" --listen "127.0.0.1:${bench_port:-0}" \
    --threads "${agentry_threads:-1}" \
    --plans-file "$work/$name/plans.json" --access-log "$work/$name/access.log" "$@" \
    > "$work/$name/out.log" 2> "$work/$name/err.log" &
  local pid=$! port
  pids+=("$pid")
  port=$(port_of "$work/$name/err.log")
  printf -v "${name}_port" '%s' "$port"
  printf -v "${name}_pid" '%s' "$pid"
}

# bench_account NAME PORT ADMIN_KEY: an account on the bench plan with one agent, made through
# the server at PORT; sets NAME_key and NAME_agent.
bench_account() {
  local name=$1 port=$2 admin=$3 key agent
  key=$(curl -sf -X POST "127.0.0.1:$port/v1/accounts" -H "Authorization: Bearer $admin" \
    -d '{"name":"bench","plan":"bench"}' | sed 's/.*"key":"\([^"]*\)".*/\1/')
  agent=$(curl -sf -X POST "127.0.0.1:$port/v1/agents" -H "Authorization: Bearer $key" \
    -d '{"name":"bench-agent","capabilities":["research"],"description":"measured"}' |
    sed 's/.*"id":"\(agt_[^"]*\)".*/\1/')
  printf -v "${name}_key" '%s' "$key"
  printf -v "${name}_agent" '%s' "$agent"
}

# start_agentry NAME [serve flags...]: start_node, then bench_account through it with its admin
# key (NAME_port, NAME_pid, NAME_key, NAME_agent).
start_agentry() {
  local name=$1
  start_node "$@"
  local port_var=${name}_port
  bench_account "$name" "${!port_var}" "$(cat "$work/$name/data/admin.key")"
}

# bench_funded_account PORT ADMIN_KEY NAME: prints the key of a new account on the bench plan
# with credits enough for any run, made through the server at PORT.
bench_funded_account() {
  local out id
  out=$(curl -sf -X POST "127.0.0.1:$1/v1/accounts" -H "Authorization: Bearer $2" \
    -d "{\"name\":\"$3\",\"plan\":\"bench\"}")
  id=$(echo "$out" | sed 's/.*"account":{"id":"\([^"]*\)".*/\1/')
  curl -sf -X POST "127.0.0.1:$1/v1/accounts/$id/credits" -H "Authorization: Bearer $2" \
    -d '{"amount":100000000,"reason":"benchmark"}' > /dev/null
  echo "$out" | sed 's/.*"key":"\([^"]*\)".*/\1/'
}

# bench_market NAME PORT ADMIN_KEY: 4 posters (credits enough for a run) and 4 workers with an
# agent each, made through the server at PORT; sets NAME_posters and NAME_workers for
# settle_tasks.lua.
bench_market() {
  local name=$1 port=$2 admin=$3 posters="" workers=""
  for i in 1 2 3 4; do
    local key agent
    posters+="${posters:+,}$(bench_funded_account "$port" "$admin" "poster$i")"
    key=$(curl -sf -X POST "127.0.0.1:$port/v1/accounts" -H "Authorization: Bearer $admin" \
      -d "{\"name\":\"worker$i\",\"plan\":\"bench\"}" | sed 's/.*"key":"\([^"]*\)".*/\1/')
    agent=$(curl -sf -X POST "127.0.0.1:$port/v1/agents" -H "Authorization: Bearer $key" \
      -d '{"name":"worker-agent"}' | sed 's/.*"id":"\(agt_[^"]*\)".*/\1/')
    workers+="${workers:+,}$key:$agent"
  done
  printf -v "${name}_posters" '%s' "$posters"
  printf -v "${name}_workers" '%s' "$workers"
}

# settle_rate PORT POSTERS WORKERS LABEL: settled tasks per second through the server at PORT
# (settle_tasks.lua for `duration` seconds); exits when any request failed.
settle_rate() {
  local out settled failed
  out=$(BENCH_POSTERS=$2 BENCH_WORKERS=$3 wrk -t1 -c"$connections" -d"${duration}s" \
    -s bench/settle_tasks.lua "http://127.0.0.1:$1")
  settled=$(echo "$out" | awk '/^settled/ {print $2}')
  failed=$(echo "$out" | awk '/^settled/ {print $4}')
  [ "$failed" = 0 ] || { echo "$4: $failed requests failed; $(echo "$out" | grep '^first failure')" >&2; exit 1; }
  awk -v s="$settled" -v d="$duration" 'BEGIN {printf "%.0f", s / d}'
}
