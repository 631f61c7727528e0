#!/usr/bin/env bash
# Installs the Debian 12 packages agentry builds with (and, with --test or --bench, what the tests
# or the benchmarks need), when any is missing.
set -euo pipefail

packages=(build-essential cmake ninja-build ccache pkg-config git
  libboost1.81-dev libboost-json1.81-dev libboost-url1.81-dev
  libsqlite3-dev sqlite3 libpq-dev libhiredis-dev libssl-dev libcli11-dev libtcmalloc-minimal4
  libgtest-dev libgmock-dev clang-format libhowardhinnant-date-dev tzdata libyaml-dev
  nodejs npm)  # npm installs what the server's pages are built from (web/)
case "${1:-}" in
  # The tests and benchmarks start their own throwaway PostgreSQL and Redis servers; the tests
  # check the metrics with promtool (in prometheus) and drive pages in chromium (headless).
  --test) packages+=(curl openssl postgresql redis-server clang libclang-rt-14-dev clang-tidy
    prometheus chromium fonts-liberation) ;;
  --bench) packages+=(wrk curl postgresql redis-server nginx) ;;
esac

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
# A node from elsewhere (not Debian's package) is fine when it is new enough for node:test.
if command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1; then
  filtered=()
  for p in "${missing[@]}"; do [ "$p" = nodejs ] || [ "$p" = npm ] || filtered+=("$p"); done
  missing=("${filtered[@]+"${filtered[@]}"}")
fi

if [ ${#missing[@]} -gt 0 ]; then
  echo "deps: installing ${missing[*]}" >&2
  sudo_cmd=()
  [ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
  export DEBIAN_FRONTEND=noninteractive
  "${sudo_cmd[@]}" apt-get update -qq
  "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
