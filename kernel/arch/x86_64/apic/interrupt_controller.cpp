#include "io_apic.h"
#include "legacy_pic.h"
#include "local_apic.h"
#include "vectors.h"

#include <arch/interrupt_controller.h>
#include <arch/mmu.h>
#include <core/boot_info.h>
#include <core/console.h>
#include <core/cpu_local.h>
#include <core/spinlock.h>
#include <lib/acpi.h>
#include <lib/optional.h>
#include <platform/acpi.h>

namespace mica::arch {

namespace {

constexpr size_t kMaxIoApics = 8;
constexpr uint32_t kIsaIrqs = 16;
constexpr uint8_t kIsaBus = 0;
constexpr uint64_t kMaxPhysicalApicId = 0xff; // an I/O APIC destination has 8 bits

struct IsaRoute {
    uint32_t gsi;
    acpi::MadtPolarity polarity = acpi::MadtPolarity::Conforms;
    acpi::MadtTrigger trigger = acpi::MadtTrigger::Conforms;
};

IoApic g_io_apics[kMaxIoApics];
size_t g_io_apic_count = 0;
IsaRoute g_isa_routes[kIsaIrqs];
// The I/O APICs' index/data pairs must not interleave between CPUs.
SpinLock g_io_apic_lock;

class MadtCollector final : public acpi::MadtVisitor {
public:
    void io_apic(const acpi::MadtIoApic& entry) override {
        if (g_io_apic_count == kMaxIoApics) {
            m_skipped++;
            return;
        }
        if (Result<void> ready = g_io_apics[g_io_apic_count].init(entry.address, entry.gsi_base);
            ready.is_error()) {
            m_error = ready.error();
            return;
        }
        ++g_io_apic_count;
    }
    void interrupt_override(const acpi::MadtInterruptOverride& entry) override {
        if (entry.bus == kIsaBus && entry.source < kIsaIrqs)
            g_isa_routes[entry.source] = {entry.gsi, entry.polarity, entry.trigger};
    }
    Optional<Error> error() const { return m_error; }
    size_t skipped() const { return m_skipped; }

private:
    Optional<Error> m_error;
    size_t m_skipped = 0;
};

Result<void> read_madt(const BootInfo& info) {
    Bytes madt = TRY(platform::boot_madt(info));
    MadtCollector collector;
    TRY(acpi::walk_madt(madt, collector));
    if (collector.error())
        return collector.error().value();
    if (collector.skipped())
        println("interrupts: {} I/O APICs beyond the first {} ignored", collector.skipped(),
                kMaxIoApics);
    return {};
}

IoApic* io_apic_for(uint32_t gsi) {
    for (size_t i = 0; i < g_io_apic_count; ++i) {
        if (g_io_apics[i].handles(gsi))
            return &g_io_apics[i];
    }
    return nullptr;
}

struct LineRoute {
    uint32_t gsi;
    bool active_low;
    bool level_triggered;
};

LineRoute route_for(uint32_t line) {
    if (line >= kIsaIrqs)
        return {line, true, true}; // PCI interrupts: level triggered, active low
    const IsaRoute& isa = g_isa_routes[line];
    return {isa.gsi, isa.polarity == acpi::MadtPolarity::ActiveLow,
            isa.trigger == acpi::MadtTrigger::Level};
}

} // namespace

Result<void> InterruptController::init(const BootInfo& info) {
    TRY(LocalApic::init());
    disable_legacy_pic();
    for (uint32_t irq = 0; irq < kIsaIrqs; ++irq)
        g_isa_routes[irq] = {irq};
    if (Result<void> madt = read_madt(info); madt.is_error()) {
        // Timer and IPIs still work through the local APIC; only device lines are missing.
        println("interrupts: no usable MADT ({}): no I/O APIC, device lines unavailable",
                madt.error());
    }
    uint32_t lines = 0;
    for (size_t i = 0; i < g_io_apic_count; ++i)
        lines += g_io_apics[i].entries();
    println("interrupts: local APIC in {} mode, {} I/O APIC{} with {} lines",
            LocalApic::is_x2apic() ? "x2APIC" : "xAPIC", g_io_apic_count,
            g_io_apic_count == 1 ? "" : "s", lines);
    return {};
}

Result<void> InterruptController::init_this_cpu() {
    TRY(LocalApic::init());
    LocalApic::enable_this_cpu();
    return {};
}

Result<void> InterruptController::enable_line(uint32_t line, uint32_t cpu_index) {
    if (line >= vectors::kDeviceLines || cpu_index >= cpu_count())
        return Error::InvalidArgument;
    uint64_t destination = cpu(cpu_index).hardware_id;
    // Beyond 255 an I/O APIC needs interrupt remapping, which we do not set up.
    if (destination > kMaxPhysicalApicId)
        return Error::Unsupported;
    LineRoute route = route_for(line);
    SpinLockGuard guard(g_io_apic_lock);
    IoApic* io_apic = io_apic_for(route.gsi);
    if (!io_apic)
        return Error::NotFound;
    io_apic->route(route.gsi, Redirection{.vector = vectors::for_line(line),
                                          .active_low = route.active_low,
                                          .level_triggered = route.level_triggered,
                                          .masked = false,
                                          .destination = uint8_t(destination)});
    return {};
}

void InterruptController::disable_line(uint32_t line) {
    if (line >= vectors::kDeviceLines)
        return;
    LineRoute route = route_for(line);
    SpinLockGuard guard(g_io_apic_lock);
    if (IoApic* io_apic = io_apic_for(route.gsi))
        io_apic->mask(route.gsi);
}

} // namespace mica::arch
