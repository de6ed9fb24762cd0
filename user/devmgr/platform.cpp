#include <abi/user_syscalls.h>
#include <devmgr/platform.h>
#include <lib/optional.h>
#include <mica/layout.h>
#include <mica/startup.h>
#include <string.h>

namespace mica::devmgr {

namespace {

Optional<uint64_t> parse_decimal(const char* text) {
    if (!text || !*text)
        return {};
    uint64_t value = 0;
    for (; *text; ++text) {
        if (*text < '0' || *text > '9' || value > (~0ull - 9) / 10)
            return {};
        value = value * 10 + uint64_t(*text - '0');
    }
    return value;
}

} // namespace

SysResult<PlatformBlob> map_platform_description(Span<char* const> arguments) {
    constexpr abi::Status kBad = abi::Status::InvalidArgument;
    if (arguments.size() < 2)
        return SysError{kBad, "arguments", "expected: <dtb|acpi> <size in bytes>"};
    PlatformBlob blob;
    if (strcmp(arguments[0], "dtb") == 0)
        blob.format = abi::PlatformFormat::DeviceTree;
    else if (strcmp(arguments[0], "acpi") == 0)
        blob.format = abi::PlatformFormat::AcpiTables;
    else
        return SysError{kBad, "arguments", "the platform format is neither dtb nor acpi"};
    Optional<uint64_t> size = parse_decimal(arguments[1]);
    if (!size || size.value() == 0)
        return SysError{kBad, "arguments", "the platform size is not a positive number"};
    abi::Handle memory = startup_handle(abi::StartupRole::PlatformDescription);
    if (memory == kInvalidHandle)
        return SysError{abi::Status::NotFound, "platform description", "no startup handle"};
    uint64_t address = 0;
    TRY(check(sys::address_space_map(startup_handle(abi::StartupRole::SelfAddressSpace), memory, 0,
                                     layout::page_ceiling(size.value()), 0, abi::map_flags::kRead,
                                     &address),
              "address_space_map of the platform description"));
    blob.bytes = Bytes(reinterpret_cast<const uint8_t*>(address), size.value());
    return blob;
}

} // namespace mica::devmgr
