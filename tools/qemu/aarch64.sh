# aarch64 on QEMU's virt board, sourced by tools/qemu/run.sh (see there for the contract).
#
# Variants (--variant):
#   a72      (default) -cpu cortex-a72; QEMU enters the kernel at EL1.
#   max-el2  -cpu max with virtualization=on; the kernel is entered at EL2 and drops to EL1.
# GIC_VERSION=2|3|max in the environment picks the interrupt controller (QEMU's default, GICv2,
# if unset); the kernel drives whichever the DTB describes. A GICv2 serves at most 8 CPUs.
# Secondary CPUs start through PSCI CPU_ON, emulated by QEMU (hvc, or smc with virtualization=on).
#
# The kernel is the raw arm64 Image (build/aarch64/kernel/Image), loaded with -kernel; QEMU
# passes the DTB address in x0. Semihosting is always on so that the kernel can end the run with
# an exit status (kernel/arch/aarch64/power/power.cpp); PSCI SYSTEM_OFF alone always exits 0.

qemu_prepare() {
    AARCH64_IMAGE="$BUILD_DIR/kernel/Image"
    [ -f "$AARCH64_IMAGE" ] || {
        echo "run.sh: $AARCH64_IMAGE is missing; build first (make build ARCH=aarch64)" >&2
        exit 66
    }
}

qemu_command() {
    local machine=virt cpu=cortex-a72 variant=${VARIANT:-a72}
    # A "-gic2" or "-gic3" suffix on the variant picks the GIC like GIC_VERSION does (the test
    # matrix has only the variant column).
    case "$variant" in
    *-gic[23]) GIC_VERSION=${variant##*-gic} variant=${variant%-gic*} ;;
    esac
    case "$variant" in
    a72) ;;
    max-el2) machine="virt,virtualization=on" cpu=max ;;
    *) echo "run.sh: unknown aarch64 variant '$VARIANT' (a72, max-el2, optionally -gic2/-gic3)" >&2; exit 64 ;;
    esac
    case "${GIC_VERSION:-}" in
    "" | 3 | max) ;;
    2) [ "${SMP:-1}" -le 8 ] || { echo "run.sh: GICv2 serves at most 8 CPUs, not $SMP" >&2; exit 64; } ;;
    *) echo "run.sh: GIC_VERSION must be 2, 3 or max, not '$GIC_VERSION'" >&2; exit 64 ;;
    esac
    [ -n "${GIC_VERSION:-}" ] && machine="$machine,gic-version=$GIC_VERSION"
    QEMU=(qemu-system-aarch64 -machine "$machine" -cpu "$cpu"
          -kernel "$AARCH64_IMAGE" -append "$APPEND"
          -nographic -semihosting-config enable=on,target=native)
    # The boot archive: QEMU loads it and names it in the DTB (/chosen linux,initrd-start/end).
    [ -n "$INITRD" ] && QEMU+=(-initrd "$INITRD")
    return 0
}

# The kernel exits through semihosting with 0x21 (pass) or 0x23 (fail). Anything else (0 after
# PSCI SYSTEM_OFF when semihosting was unavailable, a QEMU error, a signal): no verdict, the caller
# reads the log.
qemu_status() {
    case "$1" in
    33) echo 0 ;;
    35) echo 1 ;;
    *) echo 2 ;;
    esac
}
