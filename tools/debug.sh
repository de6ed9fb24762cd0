#!/usr/bin/env bash
# `make debug ARCH=<isa>`: boots the kernel in QEMU stopped at the first instruction (-s -S) and
# attaches gdb-multiarch with the kernel's symbols. QEMU's console goes to build/<isa>/debug.log.
#   tools/debug.sh ISA BUILD_DIR
set -euo pipefail
isa=$1 build=$2
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
case "$isa" in
x86_64) gdb_arch=i386:x86-64 ;;
aarch64) gdb_arch=aarch64 ;;
riscv64) gdb_arch=riscv:rv64 ;;
*) echo "debug.sh: unknown ISA $isa" >&2; exit 64 ;;
esac

"$root/tools/qemu/run.sh" --arch "$isa" --build "$build" --debug --log "$build/debug.log" \
    ${APPEND:+--append "$APPEND"} &
qemu=$!
trap 'kill $qemu 2>/dev/null || true' EXIT
echo "QEMU is waiting for gdb on :1234 (console in $build/debug.log)"
gdb-multiarch -q "$build/kernel/kernel.elf" \
    -ex "set architecture $gdb_arch" \
    -ex "target remote localhost:1234"
