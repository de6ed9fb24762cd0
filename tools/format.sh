#!/usr/bin/env bash
# `make format` rewrites C++ sources with clang-format-16 (.clang-format at the root);
# `make format-check` (--check) lists files that differ and fails.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
mapfile -t files < <(git ls-files '*.h' '*.cpp' 'kernel/lib/freestanding/new')
[ ${#files[@]} -eq 0 ] && exit 0
if [ "${1:-}" = --check ]; then
    clang-format-16 --dry-run --Werror "${files[@]}"
    echo "format-check: ${#files[@]} files formatted correctly"
else
    clang-format-16 -i "${files[@]}"
fi
