# QEMU description for riscv64 (sourced by tools/qemu/run.sh): the virt machine with Debian's
# OpenSBI (fw_dynamic) in M-mode, which enters the raw Linux Image in S-mode with the hart id in
# a0 and the DTB in a1. The kernel ends runs through the SiFive test device, whose write becomes
# QEMU's exit status (0 pass, 1 fail); SBI SRST is its fallback. Variants: default (QEMU's rv64
# harts, with Sstc) and nosstc (-cpu rv64,sstc=off: the SBI timer path).

RISCV64_FIRMWARE=/usr/lib/riscv64-linux-gnu/opensbi/generic/fw_dynamic.bin

qemu_prepare() {
    [ -f "$RISCV64_FIRMWARE" ] || { echo "riscv64.sh: $RISCV64_FIRMWARE is missing (make deps)" >&2; exit 66; }
    [ -f "$BUILD_DIR/kernel/Image" ] || { echo "riscv64.sh: $BUILD_DIR/kernel/Image is missing; build first" >&2; exit 66; }
    case "$VARIANT" in
    ""|default|nosstc) ;;
    *) echo "riscv64.sh: unknown variant '$VARIANT' (default, nosstc)" >&2; exit 64 ;;
    esac
}

qemu_command() {
    QEMU=(qemu-system-riscv64 -machine virt -bios "$RISCV64_FIRMWARE"
          -kernel "$BUILD_DIR/kernel/Image"
          -serial mon:stdio -display none)
    # nosstc: harts without Sstc, so deadlines go through SBI set_timer (QEMU 7.2 has it on by
    # default and says so in the DTB's riscv,isa).
    [ "$VARIANT" = nosstc ] && QEMU+=(-cpu rv64,sstc=off)
    [ -n "$APPEND" ] && QEMU+=(-append "$APPEND")
    # The boot archive: QEMU loads it and names it in the DTB (/chosen linux,initrd-start/end).
    [ -n "$INITRD" ] && QEMU+=(-initrd "$INITRD")
    return 0
}

# The test device's PASS exits 0 and FAIL(1) exits 1. Anything else (SRST shutdown exits 0
# too, but only when the test device was not found; a QEMU error; a signal) leaves the verdict
# to the log.
qemu_status() {
    case "$1" in
    0) echo 0 ;;
    1) echo 1 ;;
    *) echo 2 ;;
    esac
}
