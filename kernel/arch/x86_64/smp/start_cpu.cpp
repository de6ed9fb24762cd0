// Smp: INIT-SIPI-SIPI through the trampoline page, the secondary's first C++ code, and IPIs.

#include "trampoline_layout.h"

#include <arch/cpu.h>
#include <arch/cpu_local.h>
#include <arch/interrupts.h>
#include <arch/mmu.h>
#include <arch/page_table.h>
#include <arch/registers.h>
#include <arch/smp.h>
#include <arch/timer.h>
#include <arch/user_mode.h>
#include <arch/x86_64/apic/local_apic.h>
#include <arch/x86_64/apic/vectors.h>
#include <arch/x86_64/boot/boot_layout.h>
#include <arch/x86_64/traps/descriptors.h>
#include <core/boot_info.h>
#include <core/cpu_local.h>
#include <core/panic.h>
#include <core/smp.h>
#include <lib/align.h>
#include <vm/heap_global.h>

extern "C" const uint8_t x86_64_ap_trampoline[];
extern "C" const uint8_t x86_64_ap_trampoline_end[];
extern "C" void x86_64_ap_entry64();

namespace mica::arch {

namespace {

constexpr uint64_t kPageSize = 4096;
constexpr PhysAddr kLowMemoryEnd = 0x10'0000; // a startup IPI's vector is a page number < 256
// Timing of the start-up sequence (Intel SDM Vol. 3A, 9.4.4.1: 10 ms after INIT, 200 us between
// the startup IPIs); QEMU needs none of it, real CPUs do.
constexpr uint64_t kInitDelayNs = 10'000'000;
constexpr uint64_t kStartupDelayNs = 200'000;
constexpr uint64_t kStartTimeoutNs = 1'000'000'000;

// The parameter block of trampoline.S (trampoline_layout.h).
struct [[gnu::packed]] ApTrampolineParams {
    uint16_t padding0[3];
    uint16_t gdt_limit;
    uint32_t gdt_base;
    uint32_t far32_offset;
    uint16_t far32_selector, padding1;
    uint32_t far64_offset;
    uint16_t far64_selector, padding2;
    uint32_t temporary_cr3;
    uint64_t kernel_cr3;
    uint64_t stack_top;
    uint64_t cpu;
    uint64_t entry;
    uint32_t started;
    uint32_t padding3;
};
static_assert(__builtin_offsetof(ApTrampolineParams, gdt_limit) == PARAM_GDT_LIMIT);
static_assert(__builtin_offsetof(ApTrampolineParams, gdt_base) == PARAM_GDT_BASE);
static_assert(__builtin_offsetof(ApTrampolineParams, far32_offset) == PARAM_FAR32);
static_assert(__builtin_offsetof(ApTrampolineParams, far64_offset) == PARAM_FAR64);
static_assert(__builtin_offsetof(ApTrampolineParams, temporary_cr3) == PARAM_TEMPORARY_CR3);
static_assert(__builtin_offsetof(ApTrampolineParams, kernel_cr3) == PARAM_KERNEL_CR3);
static_assert(__builtin_offsetof(ApTrampolineParams, stack_top) == PARAM_STACK_TOP);
static_assert(__builtin_offsetof(ApTrampolineParams, cpu) == PARAM_CPU);
static_assert(__builtin_offsetof(ApTrampolineParams, entry) == PARAM_ENTRY);
static_assert(__builtin_offsetof(ApTrampolineParams, started) == PARAM_STARTED);
static_assert(sizeof(ApTrampolineParams) == TRAMPOLINE_PARAMS_SIZE);
static_assert(TRAMPOLINE_PARAMS + TRAMPOLINE_PARAMS_SIZE <= kPageSize);

PhysAddr g_trampoline_page = 0;
bool g_trampoline_ready = false;

// The temporary tables the trampoline turns paging on with. In the image, hence below 4 GiB (the
// kernel is loaded at 2 MiB), where a 32-bit CR3 load reaches: the identity map of the first
// 2 MiB (the trampoline page) and, copied at each start, the kernel half of the kernel table.
alignas(kPageSize) uint64_t g_temporary_pml4[512];
alignas(kPageSize) uint64_t g_temporary_pdpt[512];
alignas(kPageSize) uint64_t g_temporary_pd[512];
constexpr size_t kFirstKernelHalfEntry = 256;

volatile ApTrampolineParams& params() {
    return *reinterpret_cast<volatile ApTrampolineParams*>(
        static_cast<uint8_t*>(EarlyMmu::phys_to_virt(g_trampoline_page)) + TRAMPOLINE_PARAMS);
}

Result<void> prepare_trampoline() {
    if (g_trampoline_ready)
        return {};
    if (g_trampoline_page == 0)
        return Error::NoMemory;
    size_t size = size_t(x86_64_ap_trampoline_end - x86_64_ap_trampoline);
    if (size > kPageSize)
        return Error::Unsupported;
    auto* page = static_cast<uint8_t*>(EarlyMmu::phys_to_virt(g_trampoline_page));
    for (size_t i = 0; i < size; ++i)
        page[i] = x86_64_ap_trampoline[i];
    volatile ApTrampolineParams& p = params();
    uint32_t base = uint32_t(g_trampoline_page);
    p.gdt_base = p.gdt_base + base;
    p.far32_offset = p.far32_offset + base;
    p.far64_offset = p.far64_offset + base;

    constexpr uint64_t kTable = PTE_PRESENT | PTE_WRITABLE;
    g_temporary_pd[0] = 0 | PTE_PRESENT | PTE_WRITABLE | PTE_LARGE;
    g_temporary_pdpt[0] = EarlyMmu::virt_to_phys(g_temporary_pd) | kTable;
    g_temporary_pml4[0] = EarlyMmu::virt_to_phys(g_temporary_pdpt) | kTable;
    PhysAddr pml4 = EarlyMmu::virt_to_phys(g_temporary_pml4);
    if (pml4 >= (1ull << 32))
        return Error::Unsupported;
    p.temporary_cr3 = uint32_t(pml4);
    g_trampoline_ready = true;
    return {};
}

void send_with_interrupts_masked(const InterruptCommand& command) {
    Interrupts::State state = Interrupts::disable();
    LocalApic::send(command);
    Interrupts::restore(state);
}

bool started() { return params().started != 0; }

bool wait_started(uint64_t ns) {
    uint64_t deadline = Clock::now_ns() + ns;
    while (!started()) {
        if (Clock::now_ns() >= deadline)
            return false;
        Cpu::relax();
    }
    return true;
}

} // namespace

void Smp::reserve_trampoline_page(BootInfo& info) {
    // The highest usable page below 1 MiB (page 0 holds the real-mode IVT) that no boot data
    // overlaps. It stays direct-mapped: the kernel table maps every region, reserved ones too.
    auto overlaps = [](PhysAddr page, PhysAddr base, uint64_t size) {
        return size != 0 && page < base + size && base < page + kPageSize;
    };
    PhysAddr best = 0;
    for (const MemoryRegion& region : info.memory) {
        if (region.kind != MemoryKind::Usable)
            continue;
        PhysAddr first = align_up(region.base, kPageSize);
        if (first < kPageSize)
            first = kPageSize;
        PhysAddr end = region.base + region.size;
        end = align_down(end < kLowMemoryEnd ? end : kLowMemoryEnd, kPageSize);
        for (PhysAddr page = end - kPageSize; end > first && page >= first && page > best;
             page -= kPageSize) {
            bool taken = overlaps(page, info.kernel_image.base, info.kernel_image.size) ||
                         overlaps(page, info.boot_blob.base, info.boot_blob.size);
            for (const BootModule& module : info.modules)
                taken = taken || overlaps(page, module.base, module.size);
            if (!taken) {
                best = page;
                break;
            }
        }
    }
    if (best == 0)
        return;
    if (info.memory.try_append({best, kPageSize, MemoryKind::Reserved}).is_error())
        return;
    g_trampoline_page = best;
}

PhysAddr Smp::trampoline_page() { return g_trampoline_page; }

Result<void> Smp::start_cpu(CpuLocal& cpu, uintptr_t stack_top) {
    if (!LocalApic::is_ready())
        return Error::Unsupported;
    TRY(prepare_trampoline());
    CpuDescriptors* descriptors = TRY(heap::make<CpuDescriptors>());
    cpu.arch_scratch[CpuLocalAccess::kDescriptors] = reinterpret_cast<uintptr_t>(descriptors);

    // The kernel half as the kernel table has it now (kernel_address_space may have added
    // top-level entries since the last start).
    PhysAddr root = read_cr3() & X86_64PageFormat::kAddressMask;
    const auto* kernel_pml4 = static_cast<const uint64_t*>(EarlyMmu::phys_to_virt(root));
    for (size_t i = kFirstKernelHalfEntry; i < 512; ++i)
        g_temporary_pml4[i] = kernel_pml4[i];

    volatile ApTrampolineParams& p = params();
    p.kernel_cr3 = root;
    p.stack_top = stack_top & ~uintptr_t(15);
    p.cpu = reinterpret_cast<uint64_t>(&cpu);
    p.entry = reinterpret_cast<uint64_t>(&x86_64_ap_entry64);
    p.started = 0;
    asm volatile("mfence" ::: "memory"); // all of it visible before the CPU can run

    auto destination = uint32_t(cpu.hardware_id);
    send_with_interrupts_masked({.delivery = InterruptCommand::Delivery::Init,
                                 .level_triggered = true,
                                 .destination = destination});
    Clock::spin_for_ns(kInitDelayNs);
    InterruptCommand startup{.vector = uint8_t(g_trampoline_page >> 12),
                             .delivery = InterruptCommand::Delivery::Startup,
                             .destination = destination};
    send_with_interrupts_masked(startup);
    if (!wait_started(kStartupDelayNs)) {
        send_with_interrupts_masked(startup);
        if (!wait_started(kStartTimeoutNs)) {
            // Park it again, so it cannot run on parameters (and a stack) given back now.
            send_with_interrupts_masked({.delivery = InterruptCommand::Delivery::Init,
                                         .level_triggered = true,
                                         .destination = destination});
            cpu.arch_scratch[CpuLocalAccess::kDescriptors] = 0;
            heap::destroy(descriptors);
            return Error::NotFound; // no CPU answered at that APIC id
        }
    }
    return {};
}

void Smp::send_ipi(const CpuLocal& target) {
    send_with_interrupts_masked({.vector = vectors::kIpi,
                                 .delivery = InterruptCommand::Delivery::Fixed,
                                 .destination = uint32_t(target.hardware_id)});
}

} // namespace mica::arch

// A secondary CPU's first C++ code (trampoline.S): on its own stack, still on the temporary
// tables, interrupts masked.
extern "C" [[noreturn]] void x86_64_ap_main(mica::CpuLocal* cpu, mica::PhysAddr kernel_root) {
    using namespace mica::arch;
    write_msr(Msr::Pat, kPatDefault);
    Mmu::activate_kernel_table(kernel_root);
    install_cpu_descriptors(
        *reinterpret_cast<CpuDescriptors*>(cpu->arch_scratch[CpuLocalAccess::kDescriptors]));
    CpuLocalAccess::install(cpu);
    UserMode::init_this_cpu();
    mica::secondary_main(*cpu);
}
