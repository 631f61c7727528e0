#!/usr/bin/env bash
# Retrieval quality of knowledge search: recall@10 and MRR of BM25 and of hybrid search on 130
# labelled questions over the Linux man-pages' system calls (Debian's manpages-dev), with a
# SIF-weighted GloVe embeddings model from npm (bench/retrieval/). Usage: bench/retrieval.sh
set -euo pipefail
cd "$(dirname "$0")/.."
duration=0
connections=0
source bench/lib.sh
prepare agentry
# The pages from the package itself, unpacked here: minimal images exclude /usr/share/man.
(cd "$work" && apt-get download manpages-dev >&2 && dpkg-deb -x manpages-dev_*.deb pages)
(cd bench/retrieval && npm ci --no-audit --no-fund >&2)
AGENTRY_BIN="$dir/src/app/agentry" MAN2_DIR="$work/pages/usr/share/man/man2" \
  node bench/retrieval/eval.mjs
