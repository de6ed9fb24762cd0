#!/usr/bin/env bash
# Installs the Debian packages Mica needs. Quiet when everything is present.
#   tools/deps.sh              install what is missing (needs root)
#   tools/deps.sh --check-only exit 1 and list what is missing, install nothing
set -euo pipefail

PACKAGES=(
    # toolchain: one compiler for every ISA and for wasm32
    clang-16 lld-16 llvm-16 clang-format-16 cmake ninja-build python3 make
    # emulators and firmware
    qemu-system-x86 qemu-system-arm qemu-system-misc ovmf qemu-efi-aarch64 opensbi
    # x86_64 boot media: GRUB for BIOS and UEFI, and the ISO builder
    grub-common grub-pc-bin grub-efi-amd64-bin xorriso mtools
    # disk images and device trees
    dosfstools gdisk device-tree-compiler cpio
    # debugging and host tests
    gdb-multiarch libgtest-dev googletest libclang-rt-16-dev wabt
    # WASI apps (user/apps): wasi-libc, the wasm32 compiler-rt; Node's WASI is the test oracle
    wasi-libc libclang-rt-16-dev-wasm32 nodejs
    # make bench: static Linux benchmarks (host and arm64 cross) and the QEMU plugin
    gcc libc6-dev gcc-aarch64-linux-gnu libc6-dev-arm64-cross
)

missing=()
for package in "${PACKAGES[@]}"; do
    status=$(dpkg-query -W -f='${Status}' "$package" 2>/dev/null || true)
    [ "$status" = "install ok installed" ] || missing+=("$package")
done

[ ${#missing[@]} -eq 0 ] && exit 0
if [ "${1:-}" = --check-only ]; then
    echo "missing packages: ${missing[*]}"
    exit 1
fi

echo "deps: installing ${missing[*]}"
if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null; then
        SUDO=sudo
    else
        echo "deps: these Debian packages are missing and installing them needs root:" >&2
        echo "      apt-get install ${missing[*]}" >&2
        exit 1
    fi
else
    SUDO=
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
