#!/usr/bin/env bash
# Runs one line of tools/test/matrix.txt and judges it.
#   qemu_case.sh NAME ISA VARIANT SMP MEM WHAT [debug]
# Prints the verdict and, last, "N passed, N failed" for this run: every test of every suite the
# run reports (the kernel's KTESTs, init's user-space suites) counts once; a crash run or a run
# that never reached its summaries counts as one.
set -uo pipefail
name=$1 isa=$2 variant=$3 smp=$4 mem=$5 what=$6 flavour=${7:-}
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
log="$root/build/test-logs/$name.log"
timeout=${MICA_QEMU_TIMEOUT:-180}

build="$root/build/$isa"
[ "$flavour" = debug ] && build="$root/build/$isa-debug"
args=(--arch "$isa" --build "$build" --smp "$smp" --mem "$mem" --timeout "$timeout"
      --log "$log")
[ "$variant" != - ] && args+=(--variant "$variant")
# A fresh 1 MiB raw disk per run, attached as virtio-blk-pci; it starts with a known pattern that
# the block device tests read back (user/tests/cases/devices_test.cpp). (`yes` dies of SIGPIPE
# when head has enough, which pipefail would count as a failure.)
disk="$root/build/test-logs/$name.disk"
mkdir -p "$(dirname "$disk")" && rm -f "$disk" && truncate -s 1M "$disk" &&
    { { yes MICA-TEST-DISK || true; } | head -c 4096 | dd of="$disk" conv=notrunc status=none; } &&
    args+=(--disk "$disk")
# Then this run's own copy of the data disk (tools/image/mkdisk.sh), block device 1: the disk test
# (user/fs/vfs/disk/tests) writes to it and tools/test/disk_check.sh judges it afterwards.
data_disk="$root/build/test-logs/$name.img"
rm -f "$data_disk"
[ "$what" = test ] && "$root/tools/image/mkdisk.sh" "$data_disk" >/dev/null &&
    args+=(--disk "$data_disk")

fail() {
    echo "  FAIL $name: $*  (log: build/test-logs/$name.log)"
    # Show the end of the log so CI output alone explains the failure.
    tail -n 25 "$log" 2>/dev/null | sed 's/^/    | /'
}

mib() { # "512M" / "4G" -> MiB
    case "$1" in *G) echo $((${1%G} * 1024)) ;; *M) echo "${1%M}" ;; *) echo 0 ;; esac
}

# The banner names the ISA, the CPU count and at least 90% of the RAM given (firmware keeps some).
check_banner() {
    local line cpus ram want
    line=$(tr -d '\r' <"$log" | grep -m1 -E "^Mica .* on $isa: " || true)
    [ -n "$line" ] || { fail "no boot banner naming $isa"; return 1; }
    cpus=$(sed -nE 's/.*: ([0-9]+) CPUs?,.*/\1/p' <<<"$line")
    ram=$(sed -nE 's/.*, ([0-9]+) MiB RAM.*/\1/p' <<<"$line")
    want=$(mib "$mem")
    [ "$cpus" = "$smp" ] || { fail "banner says '$line', expected $smp CPUs"; return 1; }
    [ -n "$ram" ] && [ "$ram" -le "$want" ] && [ $((ram * 10)) -ge $((want * 9)) ] ||
        { fail "banner says '$line', expected about $want MiB"; return 1; }
}

# The shell's system test (init runs user/shell/tests/shell_test.sh in test mode): every line of
# tools/test/shell_expected.txt, in order, each a whole line of the log.
check_shell_transcript() {
    local missing
    missing=$(awk 'NR == FNR { if ($0 !~ /^#/) want[n++] = $0; next }
                   i < n && $0 == want[i] { i++ }
                   END { if (i < n) print want[i] }' \
              "$root/tools/test/shell_expected.txt" <(tr -d '\r' <"$log"))
    [ -z "$missing" ] || { fail "shell test: no line '$missing' (in order)"; return 1; }
}

case "$what" in
test)
    "$root/tools/qemu/run.sh" "${args[@]}" --append "test"
    status=$?
    # One summary line per suite: the in-kernel tests, then each suite init runs in user space.
    summaries=$(tr -d '\r' <"$log" | grep -E '^[0-9]+ passed, [0-9]+ failed$')
    if [ "$status" = 124 ]; then
        fail "timed out after ${timeout}s"; echo "0 passed, 1 failed"; exit 1
    fi
    suites=$(grep -c . <<<"$summaries")
    if [ "$suites" -lt 2 ]; then
        fail "$suites test summaries, expected the kernel's and user space's (QEMU status $status)"
        echo "0 passed, 1 failed"; exit 1
    fi
    passed=$(awk '{ sum += $1 } END { print sum }' <<<"$summaries")
    failed=$(awk '{ sum += $3 } END { print sum }' <<<"$summaries")
    summary="$passed passed, $failed failed ($suites suites)"
    ok=1
    # run.sh: 0 pass, 1 fail, 2 no verdict from the exit code (then the summary decides).
    if [ "$status" = 1 ] || [ "$failed" != 0 ] || [ "$passed" = 0 ]; then
        fail "kernel reported $summary (QEMU status $status)"; ok=0
    fi
    if [ "$status" = 0 ] && [ "$failed" != 0 ]; then
        fail "QEMU exit status said pass but the kernel reported failures"; ok=0
    fi
    check_banner || { ok=0; failed=$((failed + 1)); }
    check_shell_transcript || { ok=0; failed=$((failed + 1)); }
    if [ ! -f "$data_disk" ]; then
        fail "no data disk: tools/image/mkdisk.sh failed"; ok=0; failed=$((failed + 1))
    elif ! disk=$("$root/tools/test/disk_check.sh" "$log" "$data_disk"); then
        fail "disk test: ${disk//$'\n'/; }"; ok=0; failed=$((failed + 1))
    fi
    # The WebAssembly apps init ran: exactly the output Node's WASI gives (tests/wasi/in_mica).
    wasm=$(python3 "$root/tests/wasi/check_mica_log.py" "$log") ||
        { fail "wasm apps: ${wasm//$'\n'/; }"; ok=0; failed=$((failed + 1)); }
    [ "$ok" = 1 ] && echo "  ok   $name: $summary"
    echo "$passed passed, $failed failed"
    [ "$ok" = 1 ]
    ;;
crash=*)
    "$root/tools/qemu/run.sh" "${args[@]}" --append "$what"
    status=$?
    clean=$(tr -d '\r' <"$log")
    problems=()
    [ "$status" = 0 ] && problems+=("QEMU reported success for a crash")
    [ "$status" = 124 ] && problems+=("timed out: the panic did not power the machine off")
    grep -qE '^EXCEPTION: .+\((breakpoint|illegal instruction|page fault)\) in kernel mode' <<<"$clean" ||
        problems+=("no decoded exception line")
    # A write to kernel text must be reported as a write to a mapped, read-only page.
    if [ "$what" = crash=write-text ]; then
        grep -qE '^  fault address 0x[0-9a-f]+ write$' <<<"$clean" ||
            problems+=("no faulting write address")
        grep -qE '^  page: mapped to 0x[0-9a-f]+ .*read-only, executable' <<<"$clean" ||
            problems+=("the page is not reported as mapped read-only and executable")
    fi
    grep -qE '^PANIC: ' <<<"$clean" || problems+=("no panic line")
    for function in crash_test_trigger crash_on_purpose kernel_main; do
        grep -qE "<[^>]*${function}[^>]*\+0x[0-9a-f]+>" <<<"$clean" ||
            problems+=("backtrace does not name $function")
    done
    if [ ${#problems[@]} -eq 0 ]; then
        echo "  ok   $name: decoded and symbolized"
        echo "1 passed, 0 failed"
    else
        fail "$(IFS=';'; echo "${problems[*]}")"
        echo "0 passed, 1 failed"
        exit 1
    fi
    ;;
*)
    echo "qemu_case.sh: unknown kind '$what'" >&2; exit 64 ;;
esac
