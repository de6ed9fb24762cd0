#include <abi/user_syscalls.h>
#include <mica/boot_archive.h>
#include <mica/layout.h>
#include <mica/startup.h>

namespace mica {

SysResult<BootArchive> BootArchive::open() {
    abi::Handle memory = startup_handle(abi::StartupRole::BootArchive);
    if (memory == kInvalidHandle)
        return SysError{abi::Status::NotFound, "boot archive", "no BootArchive startup handle"};
    uint64_t size = boot_archive_size();
    if (size == 0)
        return SysError{abi::Status::NotFound, "boot archive", "the startup block says 0 bytes"};
    abi::Handle self = startup_handle(abi::StartupRole::SelfAddressSpace);
    if (self == kInvalidHandle)
        return SysError{abi::Status::NotFound, "boot archive",
                        "no SelfAddressSpace startup handle to map it with"};

    // Mapped where the kernel likes and never unmapped: the views CpioArchive hands out point
    // into it, and init keeps using them for as long as it runs.
    uint64_t address = 0;
    TRY(check(sys::address_space_map(self, memory, 0, layout::page_ceiling(size), 0,
                                     abi::map_flags::kRead, &address),
              "address_space_map of the boot archive"));

    const char* reason = nullptr;
    auto archive =
        CpioArchive::parse(Bytes(reinterpret_cast<const uint8_t*>(address), size), &reason);
    if (archive.is_error())
        return SysError{status_for(archive.error()), "boot archive is not a cpio newc archive",
                        reason};
    return BootArchive(archive.value());
}

SysResult<Bytes> BootArchive::file(StringView name) const {
    auto entry = m_archive.find(name);
    if (entry.is_error())
        return SysError{abi::Status::NotFound, "boot archive", "no such file"};
    if (!entry.value().is_regular_file())
        return SysError{abi::Status::InvalidArgument, "boot archive", "not a regular file"};
    return entry.value().data;
}

} // namespace mica
