#!/usr/bin/env bash
# Fails when a C++ file differs from .clang-format; `scripts/check-format.sh --fix` rewrites them.
set -euo pipefail
cd "$(dirname "$0")/.."
mapfile -t files < <(git ls-files --cached --others --exclude-standard '*.cpp' '*.hpp')
if [ "${1:-}" = "--fix" ]; then
  clang-format -i "${files[@]}"
  exit 0
fi
if ! clang-format --dry-run -Werror "${files[@]}" 2>/tmp/agentry-format.$$; then
  head -40 /tmp/agentry-format.$$ >&2
  rm -f /tmp/agentry-format.$$
  echo "check-format: run scripts/check-format.sh --fix" >&2
  exit 1
fi
rm -f /tmp/agentry-format.$$
echo "check-format: ${#files[@]} files formatted"
