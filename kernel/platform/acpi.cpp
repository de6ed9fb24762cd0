#include <arch/mmu.h>
#include <core/layout.h>
#include <lib/acpi.h>
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

} // namespace mica::platform
