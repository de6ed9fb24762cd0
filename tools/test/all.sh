#!/usr/bin/env bash
# `make test`: host unit tests, then every QEMU run in tools/test/matrix.txt, then one line
# "N passed, N failed" over all of them. Exits non-zero if anything failed.
#   MICA_TEST_ONLY=<regex>  runs only the matrix lines whose name matches (host tests still run)
set -uo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$root"

"$root/tools/deps.sh" --check-only >/dev/null || "$root/tools/deps.sh" || exit 1

total_passed=0 total_failed=0
add() { # adds the counts from a "N passed, N failed" line
    local line=$1
    total_passed=$((total_passed + $(sed -nE 's/^([0-9]+) passed.*/\1/p' <<<"$line")))
    total_failed=$((total_failed + $(sed -nE 's/.* ([0-9]+) failed.*/\1/p' <<<"$line")))
}

echo "== host unit tests"
if make --no-print-directory host-tests; then
    ctest_out=$(cd build/host && ctest -j2 --output-on-failure 2>&1)
    echo "$ctest_out" | grep -E '(Failed|Passed|tests passed)' | grep -vE 'Passed +[0-9.]+ sec' | tail -n 20
    counts=$(sed -nE 's/.*tests passed, ([0-9]+) tests failed out of ([0-9]+).*/\1 \2/p' <<<"$ctest_out")
    if [ -n "$counts" ]; then
        read -r failed all <<<"$counts"
        add "$((all - failed)) passed, $failed failed"
    else
        echo "$ctest_out" | tail -n 30
        add "0 passed, 1 failed"
    fi
else
    echo "  FAIL host build"
    add "0 passed, 1 failed"
fi

for isa in x86_64 aarch64 riscv64; do
    for debug in 0 1; do
        flavour=$isa; [ "$debug" = 1 ] && flavour=$isa-debug
        echo "== build $flavour"
        if ! make --no-print-directory build ARCH="$isa" DEBUG="$debug"; then
            echo "  FAIL build $flavour"
            add "0 passed, 1 failed"
            broken="${broken:-} $flavour"
        fi
    done
done

echo "== QEMU runs"
while read -r name isa variant smp mem what flavour; do
    case "$name" in ''|'#'*) continue ;; esac
    [ -n "${MICA_TEST_ONLY:-}" ] && ! [[ "$name" =~ $MICA_TEST_ONLY ]] && continue
    kernel=$isa; [ "$flavour" = debug ] && kernel=$isa-debug
    if [[ " ${broken:-} " == *" $kernel "* ]]; then
        echo "  FAIL $name: $kernel did not build"
        add "0 passed, 1 failed"
        continue
    fi
    out=$("$root/tools/test/qemu_case.sh" "$name" "$isa" "$variant" "$smp" "$mem" "$what" "$flavour")
    echo "$out" | sed '$d'
    add "$(echo "$out" | tail -n 1)"
done <"$root/tools/test/matrix.txt"

echo
echo "$total_passed passed, $total_failed failed"
[ "$total_failed" = 0 ]
