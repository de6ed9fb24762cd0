// Every CPU that PSCI started ended up configured like the boot CPU: at EL1 (dropped from EL2 if
// it started there), on the kernel table with WXN, with its own CpuLocal in TPIDR_EL1 and the
// kernel's vectors.

#include <core/cpu_local.h>
#include <core/ktest.h>
#include <core/smp.h>

using namespace mica;

namespace {

struct CpuState {
    uint64_t current_el = 0;
    uint64_t ttbr1 = 0;
    uint64_t sctlr = 0;
    uint64_t vbar = 0;
    uint64_t tpidr = 0;
    uint64_t mpidr = 0;
    bool seen = false;
};

CpuState g_states[kMaxCpus];

void record_state(void*) {
    CpuState& state = g_states[this_cpu().index];
    asm volatile("mrs %0, CurrentEL" : "=r"(state.current_el));
    asm volatile("mrs %0, ttbr1_el1" : "=r"(state.ttbr1));
    asm volatile("mrs %0, sctlr_el1" : "=r"(state.sctlr));
    asm volatile("mrs %0, vbar_el1" : "=r"(state.vbar));
    asm volatile("mrs %0, tpidr_el1" : "=r"(state.tpidr));
    asm volatile("mrs %0, mpidr_el1" : "=r"(state.mpidr));
    state.seen = true;
}

} // namespace

KTEST(aarch64_smp, every_cpu_is_set_up_like_the_boot_cpu) {
    for (CpuState& state : g_states)
        state = {};
    smp::call_on_all(record_state, nullptr);
    const CpuState& boot = g_states[0];
    KASSERT(boot.seen);
    constexpr uint64_t kWxn = 1u << 19;
    for (uint32_t i = 0; i < cpu_count(); ++i) {
        const CpuState& state = g_states[i];
        if (!cpu(i).online.load())
            continue;
        KEXPECT(state.seen);
        KEXPECT_EQ(state.current_el >> 2, 1u);
        KEXPECT_EQ(state.ttbr1, boot.ttbr1);
        KEXPECT((state.sctlr & kWxn) != 0);
        KEXPECT_EQ(state.sctlr, boot.sctlr);
        KEXPECT_EQ(state.vbar, boot.vbar);
        KEXPECT_EQ(state.tpidr, reinterpret_cast<uint64_t>(&cpu(i)));
        KEXPECT_EQ(state.mpidr & 0xff'00ff'ffffull, cpu(i).hardware_id);
    }
}
