#!/usr/bin/env bash
# Configures and builds one flavour of agentry: release (optimized), asan (ASan + UBSan) or tsan
# (ThreadSanitizer), the sanitized ones with -Werror and the unit tests.
# Usage: scripts/build.sh release|asan|tsan   — prints the build directory's path last.
set -euo pipefail
cd "$(dirname "$0")/.."
flavour=${1:-release}
case "$flavour" in
  release) flags=(-DCMAKE_BUILD_TYPE=Release -DAGENTRY_TESTS=OFF) ;;
  asan) flags=(-DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -g"
               -DAGENTRY_SANITIZE=address -DAGENTRY_WERROR=ON -DAGENTRY_TESTS=ON) ;;
  tsan) flags=(-DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -g"
               -DAGENTRY_SANITIZE=thread -DAGENTRY_WERROR=ON -DAGENTRY_TESTS=ON) ;;
  *) echo "usage: $0 release|asan|tsan" >&2; exit 2 ;;
esac
scripts/web.sh >&2  # the pages' npm packages, which the build embeds (stdout is for the path)
dir=build/$flavour
if [ ! -f "$dir/build.ninja" ]; then
  cmake -S . -B "$dir" -G Ninja "${flags[@]}" >/dev/null
fi
cmake --build "$dir" -j "${AGENTRY_JOBS:-2}" >&2
echo "$dir"
