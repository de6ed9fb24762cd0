#include <arch/platform.h>
#include <platform/acpi.h>
#include <platform/dtb.h>
#include <platform/platform.h>

namespace mica::platform {

Uart* find_console(const BootInfo& info) {
    if (info.dtb) {
        if (Uart* uart = dtb_console(info))
            return uart;
    }
    return arch::Platform::legacy_console();
}

Result<uint32_t> count_cpus(const BootInfo& info) {
    if (info.dtb)
        return dtb_count_cpus(info);
    if (info.acpi_rsdp)
        return acpi_count_cpus(info);
    return Error::NotFound;
}

} // namespace mica::platform
