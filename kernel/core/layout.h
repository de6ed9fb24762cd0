#pragma once
// The kernel's virtual address layout, the same on every ISA. Sv39 (riscv64) gives the kernel only
// the top 256 GiB, so everything lives there: the direct map of physical memory at the bottom of
// that window, then device mappings, then the kernel image in the top 2 GiB (where x86_64's
// -mcmodel=kernel wants it).

#include <lib/types.h>

namespace mica {

constexpr VirtAddr kKernelSpaceBase = 0xffff'ffc0'0000'0000;
constexpr VirtAddr kDirectMapBase = kKernelSpaceBase;
constexpr uint64_t kDirectMapMaxSize = 128ull << 30;
// Device registers mapped with map_device() (uncached), between the direct map and the image.
constexpr VirtAddr kDeviceMapBase = kDirectMapBase + kDirectMapMaxSize;
// The device window's first 64 GiB; the rest is scratch space for kernel tests that map and unmap.
constexpr uint64_t kDeviceMapSize = 64ull << 30;
constexpr VirtAddr kScratchBase = kDeviceMapBase + kDeviceMapSize;
constexpr uint64_t kScratchSize = 1ull << 30;
constexpr VirtAddr kKernelImageBase = 0xffff'ffff'8000'0000;

constexpr bool is_kernel_address(uintptr_t address) { return address >= kKernelSpaceBase; }

// User space, the same on every ISA: from 64 KiB (so null and small offsets from it fault) to
// 256 GiB, the low half Sv39 can translate (x86_64 and aarch64 could give more).
constexpr VirtAddr kUserSpaceBase = 0x1'0000;
constexpr VirtAddr kUserSpaceEnd = 1ull << 38;

// Whether [address, address + size) lies in user space (size 0 included), without overflow.
constexpr bool is_user_range(uintptr_t address, uint64_t size) {
    return address >= kUserSpaceBase && address <= kUserSpaceEnd && size <= kUserSpaceEnd - address;
}

} // namespace mica
