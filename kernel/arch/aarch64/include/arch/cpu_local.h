#pragma once
// This CPU's CpuLocal in O(1) (the arch contract's CpuLocalAccess): TPIDR_EL1, which EL0 can
// neither read nor write. (TPIDR_EL0 / TPIDRRO_EL0 stay free for user-space thread pointers.)

namespace mica {
struct CpuLocal;
}

namespace mica::arch {

struct CpuLocalAccess {
    static void install(CpuLocal* cpu) { asm volatile("msr tpidr_el1, %0" ::"r"(cpu) : "memory"); }
    static CpuLocal* current() {
        CpuLocal* cpu;
        // volatile: a thread may move to another CPU between two reads, so no read may be
        // cached or hoisted across code that can switch threads.
        asm volatile("mrs %0, tpidr_el1" : "=r"(cpu)::"memory");
        return cpu;
    }
};

} // namespace mica::arch
