#!/usr/bin/env bash
# `make fuzz`: runs every libFuzzer target built by the host build for a while each.
#   tools/fuzz.sh BUILD_DIR SECONDS
# Corpora are kept in BUILD_DIR/fuzz-corpus/<target> so later runs start where earlier ones ended.
set -euo pipefail
build=$1 seconds=$2
status=0
for target in "$build"/tests/host/fuzz_*; do
    [ -x "$target" ] || continue
    name=$(basename "$target")
    corpus="$build/fuzz-corpus/$name"
    mkdir -p "$corpus"
    echo "== $name (${seconds}s)"
    "$target" -max_total_time="$seconds" -print_final_stats=1 "$corpus" 2>&1 | tail -n 3 || status=1
done
exit $status
