#include <arch/interrupts.h>
#include <arch/mmu.h>
#include <core/cpu_local.h>
#include <core/panic.h>
#include <core/smp.h>
#include <vm/shootdown_tlb.h>

namespace mica {

namespace {

struct Range {
    VirtAddr address;
    uint64_t size;
};

void invalidate_here(void* range) {
    auto* r = static_cast<Range*>(range);
    arch::Mmu::invalidate_tlb(r->address, r->size);
}

} // namespace

void ShootdownTlb::invalidate(VirtAddr address, uint64_t size) {
    if (!m_live)
        return;
    if (online_cpu_count() <= 1) {
        arch::Mmu::invalidate_tlb(address, size);
        return;
    }
    // Waiting for the others with interrupts masked could deadlock.
    ASSERT(arch::Interrupts::are_enabled());
    Range range{address, size};
    smp::call_on_all(invalidate_here, &range);
}

void ShootdownTlb::publish(VirtAddr address, uint64_t size) {
    if (m_live)
        arch::Mmu::publish_mappings(address, size);
}

} // namespace mica
