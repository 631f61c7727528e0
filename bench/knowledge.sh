#!/usr/bin/env bash
# Knowledge ingest (chunks/s) and search latency (p50/p99) on SQLite and on PostgreSQL, each
# against the bare FTS5 or tsvector index of the same store in the same run (bench/knowledge.cpp).
# Usage: bench/knowledge.sh [chunks, default 100000] [queries, default 500]
set -euo pipefail
cd "$(dirname "$0")/.."
chunks=${1:-100000}
queries=${2:-500}
source bench/lib.sh
prepare bench_knowledge services
psql -q "$AGENTRY_TEST_POSTGRES/postgres" -c "CREATE DATABASE bench_knowledge"
"$dir/bench/bench_knowledge" sqlite "$work/sqlite" "$chunks" "$queries"
"$dir/bench/bench_knowledge" postgres "$AGENTRY_TEST_POSTGRES/bench_knowledge" "$chunks" "$queries"
