#include <arch/mmu.h>
#include <core/layout.h>
#include <lib/acpi.h>
#include <lib/acpi_processors.h>
#include <platform/acpi.h>

namespace mica::platform {

namespace {

// ACPI tables sit in RAM (or firmware ROM below 1 MiB), all inside the early direct map.
class DirectMapAcpiMemory final : public AcpiMemory {
public:
    Bytes read(PhysAddr phys, size_t size) override {
        if (phys >= kDirectMapMaxSize || size > kDirectMapMaxSize - phys)
            return {};
        return Bytes(static_cast<const uint8_t*>(arch::EarlyMmu::phys_to_virt(phys)), size);
    }
};

} // namespace

Result<uint32_t> acpi_count_cpus(const BootInfo& info) {
    if (info.acpi_rsdp == 0)
        return Error::NotFound;
    DirectMapAcpiMemory memory;
    return acpi::count_cpus(memory, info.acpi_rsdp);
}

Result<Bytes> boot_madt(const BootInfo& info) {
    if (info.acpi_rsdp == 0)
        return Error::NotFound;
    DirectMapAcpiMemory memory;
    return acpi::find_madt(memory, info.acpi_rsdp);
}

Result<void> acpi_visit_tables(const BootInfo& info, acpi::TableVisitor& visitor) {
    if (info.acpi_rsdp == 0)
        return Error::NotFound;
    DirectMapAcpiMemory memory;
    acpi::Rsdp rsdp = TRY(acpi::read_rsdp(memory, info.acpi_rsdp));
    return acpi::visit_tables(memory, rsdp, visitor);
}

Result<void> acpi_list_cpus(const BootInfo& info, FixedVector<uint64_t, 64>& ids) {
    Bytes madt = TRY(boot_madt(info));
    TRY(acpi::list_madt_processors(madt, ids));
    if (ids.is_empty())
        return Error::NotFound;
    return {};
}

} // namespace mica::platform
