#include <abi/user_syscalls.h>
#include <drivers/support/mmio.h>
#include <mica/startup.h>

namespace mica::driver {

namespace {
constexpr uint64_t kReadWrite = abi::map_flags::kRead | abi::map_flags::kWrite;
}

SysResult<MmioMapping> map_mmio(OwnedHandle range, uint64_t size) {
    uint64_t address = 0;
    TRY(check(sys::mmio_map(startup_handle(abi::StartupRole::SelfAddressSpace), range.get(), 0,
                            size, 0, kReadWrite, &address),
              "mmio_map"));
    MmioMapping mapping;
    mapping.range = move(range);
    mapping.base = reinterpret_cast<volatile uint8_t*>(address);
    mapping.size = size;
    return mapping;
}

SysResult<MmioMapping> map_physical(abi::Handle resource, uint64_t physical, uint64_t size) {
    abi::Handle range = kInvalidHandle;
    TRY(check(sys::mmio_range_create(resource, physical, size, &range), "mmio_range_create"));
    return map_mmio(OwnedHandle(range), size);
}

SysResult<uint8_t*> map_memory(abi::Handle memory, uint64_t size) {
    uint64_t address = 0;
    TRY(check(sys::address_space_map(startup_handle(abi::StartupRole::SelfAddressSpace), memory, 0,
                                     size, 0, kReadWrite, &address),
              "address_space_map"));
    return reinterpret_cast<uint8_t*>(address);
}

} // namespace mica::driver
