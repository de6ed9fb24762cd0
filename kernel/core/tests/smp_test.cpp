// Every CPU the firmware describes comes up, answers IPIs, takes timer interrupts, and drops
// unmapped translations when the kernel table changes (TLB shootdown).

#include <arch/cpu.h>
#include <arch/mmu.h>
#include <arch/timer.h>
#include <core/cpu_local.h>
#include <core/ktest.h>
#include <core/layout.h>
#include <core/smp.h>
#include <vm/kernel_address_space.h>
#include <vm/physical_memory.h>

using namespace mica;

namespace {

struct PerCpuResults {
    Atomic<uint64_t> ran_on{0}; // bit per CPU index
    bool ok[kMaxCpus] = {};
    uint64_t value[kMaxCpus] = {};
};

void record_cpu(void* results) {
    static_cast<PerCpuResults*>(results)->ran_on.fetch_or(uint64_t{1} << this_cpu().index);
}

constexpr VirtAddr kSharedPage = kScratchBase + (64u << 20);

void read_shared_page(void* results) {
    auto* r = static_cast<PerCpuResults*>(results);
    uint32_t me = this_cpu().index;
    r->ok[me] =
        arch::Cpu::probe_read(reinterpret_cast<volatile uint64_t*>(kSharedPage), r->value[me]);
    r->ran_on.fetch_or(uint64_t{1} << me);
}

uint64_t all_online_mask() {
    uint64_t mask = 0;
    for (uint32_t i = 0; i < cpu_count(); ++i) {
        if (cpu(i).online.load())
            mask |= uint64_t{1} << i;
    }
    return mask;
}

} // namespace

KTEST(smp, every_described_cpu_is_online) {
    KEXPECT(cpu_count() >= 1);
    KEXPECT_EQ(online_cpu_count(), cpu_count());
    for (uint32_t i = 0; i < cpu_count(); ++i) {
        KEXPECT_EQ(cpu(i).index, i);
        println("    cpu {}: hardware id {:#x}, online {}", i, cpu(i).hardware_id,
                cpu(i).online.load());
    }
    KEXPECT_EQ(this_cpu().index < cpu_count(), true);
}

KTEST(smp, ipi_reaches_every_cpu) {
    uint64_t received_before[kMaxCpus];
    for (uint32_t i = 0; i < cpu_count(); ++i)
        received_before[i] = cpu(i).ipis_received.load();
    PerCpuResults results;
    smp::call_on_all(record_cpu, &results);
    KEXPECT_EQ(results.ran_on.load(), all_online_mask());
    for (uint32_t i = 0; i < cpu_count(); ++i) {
        if (i != this_cpu().index)
            KEXPECT(cpu(i).ipis_received.load() > received_before[i]);
    }
}

KTEST(smp, tlb_shootdown_reaches_every_cpu) {
    Result<PhysAddr> first = physical_memory::allocate_frame();
    Result<PhysAddr> second = physical_memory::allocate_frame();
    KASSERT(first.is_ok() && second.is_ok());
    *static_cast<volatile uint64_t*>(arch::EarlyMmu::phys_to_virt(first.value())) = 111;
    *static_cast<volatile uint64_t*>(arch::EarlyMmu::phys_to_virt(second.value())) = 222;

    KASSERT(kernel_address_space::map(kSharedPage, first.value(), 4096, kKernelData).is_ok());
    PerCpuResults cached;
    smp::call_on_all(read_shared_page, &cached); // every CPU now caches the translation
    for (uint32_t i = 0; i < cpu_count(); ++i) {
        KEXPECT(cached.ok[i]);
        KEXPECT_EQ(cached.value[i], 111u);
    }

    KASSERT(kernel_address_space::unmap(kSharedPage, 4096).is_ok());
    PerCpuResults unmapped;
    smp::call_on_all(read_shared_page, &unmapped);
    KEXPECT_EQ(unmapped.ran_on.load(), all_online_mask());
    for (uint32_t i = 0; i < cpu_count(); ++i)
        KEXPECT(!unmapped.ok[i]); // a stale entry on any CPU would let this read succeed

    KASSERT(kernel_address_space::map(kSharedPage, second.value(), 4096, kKernelData).is_ok());
    PerCpuResults remapped;
    smp::call_on_all(read_shared_page, &remapped);
    for (uint32_t i = 0; i < cpu_count(); ++i)
        KEXPECT_EQ(remapped.value[i], 222u);
    KASSERT(kernel_address_space::unmap(kSharedPage, 4096).is_ok());
    KEXPECT(physical_memory::free_frame(first.value()).is_ok());
    KEXPECT(physical_memory::free_frame(second.value()).is_ok());
}

KTEST(smp, a_busy_cpu_takes_timer_interrupts) {
    // A running thread's time slice is enforced by its CPU's timer, so spinning for many slices
    // must see timer interrupts (counted over all CPUs, in case the thread migrates). 200 ms is
    // twenty slices: room for a host too busy to run QEMU's timer promptly.
    auto total = [] {
        uint64_t sum = 0;
        for (uint32_t i = 0; i < cpu_count(); ++i)
            sum += cpu(i).timer_interrupts.load();
        return sum;
    };
    uint64_t before = total();
    uint64_t deadline = arch::Clock::now_ns() + 200'000'000;
    while (arch::Clock::now_ns() < deadline)
        arch::Cpu::relax();
    KEXPECT(total() > before);
}
