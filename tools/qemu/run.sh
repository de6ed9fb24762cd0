#!/usr/bin/env bash
# Boots a built Mica kernel in QEMU with the serial console on this terminal (or in a log).
#
#   tools/qemu/run.sh --arch ISA --build DIR [--smp N] [--mem SIZE] [--accel tcg|kvm]
#                     [--variant NAME] [--append "command line"] [--timeout SECONDS]
#                     [--log FILE] [--disk IMAGE]... [--debug] [--dry-run]
#
# --disk attaches a raw image as a modern-only virtio-blk-pci device (PCI ID 1af4:1042) on every
# ISA; the guest may write to it. Repeat it for more disks: devmgr numbers them in this order.
# Every run also has a modern-only virtio-rng-pci entropy device (1af4:1044).
#
# The ISA-specific part (machine, firmware, how the image is handed over, variants such as
# x86_64 bios/uefi) lives in tools/qemu/<isa>.sh, which defines:
#   qemu_prepare     builds anything the boot needs (an ISO for x86_64); may be empty
#   qemu_command     fills the array QEMU with the command line for the machine
#   qemu_status RC   maps QEMU's exit code to 0 (the kernel reported success), 1 (it reported
#                    failure) or 2 (no verdict from the exit code: the caller reads the log)
# Exit status of this script: 0 pass, 1 fail, 2 no verdict, 124 timeout.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ARCH="" BUILD_DIR="" SMP=1 MEM=128M ACCEL=tcg VARIANT="" APPEND="" TIMEOUT="" LOG="" DISKS=() DEBUG=0 DRY=0
while [ $# -gt 0 ]; do
    case "$1" in
    --arch) ARCH=$2; shift 2 ;;
    --build) BUILD_DIR=$2; shift 2 ;;
    --smp) SMP=$2; shift 2 ;;
    --mem) MEM=$2; shift 2 ;;
    --accel) ACCEL=$2; shift 2 ;;
    --variant) VARIANT=$2; shift 2 ;;
    --append) APPEND=$2; shift 2 ;;
    --timeout) TIMEOUT=$2; shift 2 ;;
    --log) LOG=$2; shift 2 ;;
    --disk) DISKS+=("$2"); shift 2 ;;
    --debug) DEBUG=1; shift ;;
    --dry-run) DRY=1; shift ;;
    *) echo "run.sh: unknown option $1" >&2; exit 64 ;;
    esac
done
[ -n "$ARCH" ] && [ -n "$BUILD_DIR" ] || { echo "run.sh: --arch and --build are required" >&2; exit 64; }
[ -f "$here/$ARCH.sh" ] || { echo "run.sh: no QEMU description for ISA '$ARCH'" >&2; exit 64; }
case "$ACCEL" in tcg|kvm) ;; *) echo "run.sh: ACCEL must be tcg or kvm, not '$ACCEL'" >&2; exit 64 ;; esac

KERNEL_ELF="$BUILD_DIR/kernel/kernel.elf"
[ -f "$KERNEL_ELF" ] || { echo "run.sh: $KERNEL_ELF is missing; build first (make build ARCH=$ARCH)" >&2; exit 66; }
# The boot archive with init and the other user programs (user/CMakeLists.txt). Each <isa>.sh
# hands it to the loader when INITRD is set. Without it the kernel still boots (kernel tests)
# but has no init to start, which it reports; say so here too.
INITRD="$BUILD_DIR/initrd.cpio"
if [ ! -f "$INITRD" ]; then
    echo "run.sh: warning: $INITRD is missing; booting without a boot archive" >&2
    INITRD=""
fi

# shellcheck source=/dev/null
source "$here/$ARCH.sh"
QEMU=()
qemu_prepare
qemu_command
QEMU+=(-smp "$SMP" -m "$MEM" -no-reboot)
# Every run has a modern-only virtio entropy device (1af4:1044) for user/drivers/virtio-rng.
QEMU+=(-device virtio-rng-pci,disable-legacy=on)
for i in "${!DISKS[@]}"; do
    DISK=${DISKS[$i]}
    [ -f "$DISK" ] || { echo "run.sh: disk image $DISK does not exist" >&2; exit 66; }
    QEMU+=(-drive "if=none,id=mica-disk$i,format=raw,file=$DISK"
           -device virtio-blk-pci,drive=mica-disk$i,disable-legacy=on)
done
if [ "$ACCEL" = kvm ]; then
    QEMU+=(-accel kvm)
elif [ "$SMP" -gt "$(nproc)" ]; then
    # More virtual CPUs than host cores: multi-threaded TCG would leave a vCPU that holds a
    # spinlock descheduled by the host while the others spin; one thread round-robins instead.
    QEMU+=(-accel tcg,thread=single)
else
    QEMU+=(-accel tcg)
fi
[ "$DEBUG" = 1 ] && QEMU+=(-s -S)

if [ "$DRY" = 1 ]; then
    printf '%q ' "${QEMU[@]}"; echo
    exit 0
fi

rc=0
if [ -n "$LOG" ]; then
    mkdir -p "$(dirname "$LOG")"
    if [ -n "$TIMEOUT" ]; then
        timeout --foreground -k 5 "$TIMEOUT" "${QEMU[@]}" </dev/null >"$LOG" 2>&1 || rc=$?
    else
        "${QEMU[@]}" </dev/null >"$LOG" 2>&1 || rc=$?
    fi
else
    if [ -n "$TIMEOUT" ]; then
        timeout --foreground -k 5 "$TIMEOUT" "${QEMU[@]}" || rc=$?
    else
        "${QEMU[@]}" || rc=$?
    fi
fi
[ "$rc" = 124 ] && exit 124
exit "$(qemu_status "$rc")"
