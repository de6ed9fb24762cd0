// InterruptController on the PLIC (RISC-V Platform-Level Interrupt Controller specification,
// "Memory Map"). A line interrupts a hart when its priority is above the context's threshold
// and its bit is set in the context's enable block; the hart then claims it (reading the
// claim register returns the line and clears its pending bit) and completes it (writing the
// line back) once handled. Each line is enabled in exactly one context: the PLIC would
// otherwise offer it to every hart, and all but one would claim 0.

#include "plic_dtb.h"

#include <arch/cpu_local.h>
#include <arch/csr.h>
#include <arch/interrupt_controller.h>
#include <core/boot_info.h>
#include <core/console.h>
#include <core/cpu_local.h>
#include <core/spinlock.h>
#include <platform/dtb.h>
#include <vm/device_map.h>

namespace mica::arch {

namespace {

// Register blocks, offsets from the PLIC base.
constexpr uint64_t kPriorityOffset = 0x0;     // u32 per line
constexpr uint64_t kEnableOffset = 0x2000;    // one bit per line
constexpr uint64_t kEnableStride = 0x80;      // per context
constexpr uint64_t kContextOffset = 0x200000; // threshold, then claim/complete
constexpr uint64_t kContextStride = 0x1000;   // per context
constexpr uint64_t kClaimOffset = 4;          // within a context block

// Any nonzero priority above threshold 0 interrupts; the kernel does not rank lines.
constexpr uint32_t kLinePriority = 1;
constexpr uint32_t kNoContext = ~uint32_t{0};

volatile uint8_t* g_base = nullptr;
PlicDescription g_plic;
// Each CPU's S-mode context by CpuLocal::index, filled by init_this_cpu: the claim on every
// external interrupt is one load away.
uint32_t g_cpu_context[kMaxCpus];
// Enable words are read-modify-write and shared between lines.
SpinLock g_enable_lock;

volatile uint32_t& reg32(uint64_t offset) {
    return *reinterpret_cast<volatile uint32_t*>(g_base + offset);
}
volatile uint32_t& priority(uint32_t line) { return reg32(kPriorityOffset + 4 * line); }
volatile uint32_t& enable_word(uint32_t context, uint32_t line) {
    return reg32(kEnableOffset + kEnableStride * context + 4 * (line / 32));
}
volatile uint32_t& threshold(uint32_t context) {
    return reg32(kContextOffset + kContextStride * context);
}
volatile uint32_t& claim_register(uint32_t context) {
    return reg32(kContextOffset + kContextStride * context + kClaimOffset);
}

void set_enable(uint32_t context, uint32_t line, bool on) {
    uint32_t bit = 1u << (line % 32);
    volatile uint32_t& word = enable_word(context, line);
    word = on ? (word | bit) : (word & ~bit);
}

uint32_t this_cpu_context() { return g_cpu_context[CpuLocalAccess::current()->index]; }

} // namespace

Result<void> InterruptController::init(const BootInfo& info) {
    Fdt fdt = TRY(platform::boot_fdt(info));
    g_plic = TRY(find_plic(fdt));
    // Only as far as the last S-mode context: QEMU's window covers 15872 of them.
    uint32_t last_context = 0;
    for (const PlicContext& entry : g_plic.supervisor_contexts)
        last_context = entry.context > last_context ? entry.context : last_context;
    uint64_t size = kContextOffset + kContextStride * (last_context + 1);
    if (size > g_plic.size)
        return Error::Malformed;
    g_base = static_cast<volatile uint8_t*>(TRY(map_device(g_plic.base, size)));
    for (uint32_t& context : g_cpu_context)
        context = kNoContext;

    // Whatever firmware left: every line off in every context the kernel owns.
    for (uint32_t line = 1; line <= g_plic.line_count; ++line)
        priority(line) = 0;
    for (const PlicContext& entry : g_plic.supervisor_contexts) {
        for (uint32_t word = 0; word <= g_plic.line_count / 32; ++word)
            reg32(kEnableOffset + kEnableStride * entry.context + 4 * word) = 0;
    }
    println("plic: {:#x}, {} lines, {} S-mode contexts", g_plic.base, g_plic.line_count,
            g_plic.supervisor_contexts.size());
    return {};
}

Result<void> InterruptController::init_this_cpu() {
    CpuLocal& self = *CpuLocalAccess::current();
    Optional<uint32_t> context = g_plic.context_of_hart(self.hardware_id);
    if (!context)
        return Error::NotFound;
    g_cpu_context[self.index] = context.value();
    threshold(context.value()) = 0;
    // Software interrupts are IPIs (Smp); they need no controller but share this switch-on.
    set_sie_bits(InterruptBits::kExternal | InterruptBits::kSoftware);
    return {};
}

Result<void> InterruptController::enable_line(uint32_t line, uint32_t cpu_index) {
    if (line == 0 || line > g_plic.line_count || cpu_index >= cpu_count())
        return Error::InvalidArgument;
    Optional<uint32_t> target = g_plic.context_of_hart(cpu(cpu_index).hardware_id);
    if (!target)
        return Error::NotFound;
    SpinLockGuard guard(g_enable_lock);
    for (const PlicContext& entry : g_plic.supervisor_contexts)
        set_enable(entry.context, line, entry.context == target.value());
    priority(line) = kLinePriority;
    return {};
}

void InterruptController::disable_line(uint32_t line) {
    if (line == 0 || line > g_plic.line_count)
        return;
    SpinLockGuard guard(g_enable_lock);
    priority(line) = 0;
    for (const PlicContext& entry : g_plic.supervisor_contexts)
        set_enable(entry.context, line, false);
}

uint32_t InterruptController::claim() { return claim_register(this_cpu_context()); }

void InterruptController::complete(uint32_t line) { claim_register(this_cpu_context()) = line; }

uint32_t InterruptController::line_count() { return g_plic.line_count; }

} // namespace mica::arch
