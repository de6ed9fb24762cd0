#include "local_apic.h"
#include "vectors.h"

#include <arch/cpu.h>
#include <arch/registers.h>
#include <vm/device_map.h>

namespace mica::arch {

namespace {

constexpr uint32_t kApicSoftwareEnable = 1u << 8; // in the spurious vector register
constexpr uint32_t kDeliveryPending = 1u << 12;   // xAPIC ICR: not yet accepted
constexpr uint64_t kApicPageSize = 4096;

uint32_t x2apic_msr(ApicRegister reg) { return uint32_t(Msr::X2ApicFirst) + (uint32_t(reg) >> 4); }

} // namespace

Result<void> LocalApic::init() {
    if (s_ready)
        return {};
    CpuidResult features = cpuid(1);
    if (!(features.edx & cpuid_bits::kLeaf1EdxApic))
        return Error::Unsupported;
    s_x2apic = (features.ecx & cpuid_bits::kLeaf1EcxX2Apic) != 0;
    if (!s_x2apic) {
        // The CPU decodes its APIC where IA32_APIC_BASE says; the MADT's copy may be stale.
        PhysAddr base = read_msr(Msr::ApicBase) & apic_base::kAddressMask;
        void* mapped = TRY(map_device(base, kApicPageSize));
        s_mmio = static_cast<volatile uint32_t*>(mapped);
    }
    s_ready = true;
    return {};
}

void LocalApic::enable_this_cpu() {
    uint64_t base = read_msr(Msr::ApicBase) | apic_base::kGlobalEnable;
    write_msr(Msr::ApicBase, base);
    // xAPIC → x2APIC is a legal transition from the enabled state (Intel SDM Vol. 3A, 11.12.5).
    if (s_x2apic)
        write_msr(Msr::ApicBase, base | apic_base::kX2ApicEnable);

    write(ApicRegister::TaskPriority, 0);
    write(ApicRegister::LvtLint0,
          LvtEntry{.delivery = LvtEntry::Delivery::ExtInt, .masked = true}.encode());
    write(ApicRegister::LvtLint1, LvtEntry{.delivery = LvtEntry::Delivery::Nmi}.encode());
    write(ApicRegister::LvtError, LvtEntry{.vector = vectors::kApicError}.encode());
    write(ApicRegister::LvtTimer, LvtEntry{.vector = vectors::kTimer, .masked = true}.encode());
    write(ApicRegister::SpuriousVector, kApicSoftwareEnable | vectors::kSpurious);
    (void)take_errors();
    // Anything a previous owner (firmware) left in service would block lower vectors.
    end_of_interrupt();
}

uint32_t LocalApic::read(ApicRegister reg) {
    if (s_x2apic)
        return uint32_t(read_msr(x2apic_msr(reg)));
    return s_mmio[uint32_t(reg) / sizeof(uint32_t)];
}

void LocalApic::write(ApicRegister reg, uint32_t value) {
    if (s_x2apic)
        write_msr(x2apic_msr(reg), value);
    else
        s_mmio[uint32_t(reg) / sizeof(uint32_t)] = value;
}

uint32_t LocalApic::id() {
    uint32_t raw = read(ApicRegister::Id);
    return s_x2apic ? raw : raw >> 24;
}

void LocalApic::end_of_interrupt() { write(ApicRegister::Eoi, 0); }

void LocalApic::send(const InterruptCommand& command) {
    if (s_x2apic) {
        // One 64-bit write; x2APIC has no delivery status to wait for.
        write_msr(x2apic_msr(ApicRegister::InterruptCommandLow),
                  uint64_t(command.destination) << 32 | command.low());
        return;
    }
    while (read(ApicRegister::InterruptCommandLow) & kDeliveryPending)
        Cpu::relax();
    write(ApicRegister::InterruptCommandHigh, command.destination << 24);
    write(ApicRegister::InterruptCommandLow, command.low()); // this write sends
    while (read(ApicRegister::InterruptCommandLow) & kDeliveryPending)
        Cpu::relax();
}

uint32_t LocalApic::take_errors() {
    // The ESR latches on a write (Intel SDM Vol. 3A, 11.5.3); the write also clears it in x2APIC.
    write(ApicRegister::ErrorStatus, 0);
    uint32_t errors = read(ApicRegister::ErrorStatus);
    write(ApicRegister::ErrorStatus, 0);
    return errors;
}

} // namespace mica::arch
