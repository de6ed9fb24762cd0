#!/bin/sh
# Converts every .wast in a directory with wabt's wast2json and runs them all through
# wasm_spectest: one "<file>: N passed, M failed, K skipped" line per script, then the total.
#   tests/wasm/spectest.sh <wasm_spectest binary> <directory of .wast files> <output directory>
# Scripts wast2json cannot read (proposals it does not know) are listed and left out.
set -eu
runner=$1
source_dir=$2
out_dir=$3
[ -x "$runner" ] || { echo "spectest: no runner at $runner" >&2; exit 2; }
[ -d "$source_dir" ] || { echo "spectest: no directory $source_dir" >&2; exit 2; }
mkdir -p "$out_dir"
scripts=""
unconverted=0
for wast in "$source_dir"/*.wast; do
    [ -e "$wast" ] || { echo "spectest: no .wast files in $source_dir" >&2; exit 2; }
    name=$(basename "$wast" .wast)
    mkdir -p "$out_dir/$name"
    if wast2json "$wast" -o "$out_dir/$name/$name.json" >"$out_dir/$name/wast2json.log" 2>&1; then
        scripts="$scripts $out_dir/$name/$name.json"
    else
        echo "$name.wast: not converted by wast2json (see $out_dir/$name/wast2json.log)"
        unconverted=$((unconverted + 1))
    fi
done
[ "$unconverted" -eq 0 ] || echo "$unconverted scripts not converted"
# shellcheck disable=SC2086 # one argument per script
exec "$runner" --quiet $scripts
