#pragma once
// Device registers for user-space drivers and devmgr: mapping an MmioRange (or a fresh one made
// from a resource) into this process, and volatile accesses of a fixed width. Device registers
// are little-endian on every platform Mica runs on (PCI, virtio), as are the CPUs.

#include <abi/mica_abi.h>
#include <lib/types.h>
#include <mica/handle.h>
#include <mica/sys_result.h>

namespace mica::driver {

// A mapping of `size` bytes (a multiple of 4 KiB) of an MMIO range, read-write, uncached.
struct MmioMapping {
    OwnedHandle range;
    volatile uint8_t* base = nullptr;
    uint64_t size = 0;

    template <typename T>
    T read(uint64_t offset) const {
        return *reinterpret_cast<volatile T*>(base + offset);
    }
    template <typename T>
    void write(uint64_t offset, T value) const {
        *reinterpret_cast<volatile T*>(base + offset) = value;
    }
};

// Maps all `size` bytes of `range` (which it then owns).
SysResult<MmioMapping> map_mmio(OwnedHandle range, uint64_t size);

// mmio_range_create + map_mmio: [physical, physical + size), page-aligned.
SysResult<MmioMapping> map_physical(abi::Handle resource, uint64_t physical, uint64_t size);

// A memory object mapped read-write into this process (the mapping stays after the handle).
SysResult<uint8_t*> map_memory(abi::Handle memory, uint64_t size);

} // namespace mica::driver
