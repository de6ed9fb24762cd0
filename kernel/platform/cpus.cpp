#include <lib/fdt.h>
#include <platform/acpi.h>
#include <platform/cpus.h>
#include <platform/dtb.h>

namespace mica::platform {

Result<void> enumerate_cpus(const BootInfo& info, CpuIds& ids) {
    if (info.dtb) {
        Fdt fdt = TRY(boot_fdt(info));
        return list_cpu_nodes(fdt, ids);
    }
    if (info.acpi_rsdp)
        return acpi_list_cpus(info, ids);
    return Error::NotFound;
}

} // namespace mica::platform
