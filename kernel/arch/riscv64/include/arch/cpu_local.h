#pragma once
// This hart's CpuLocal in tp. The compiler never allocates tp (the kernel has no thread-local
// storage), and the trap path leaves it alone: a trap taken in the kernel returns with the tp of
// the hart it returns on, which differs from the one it was taken on when the thread migrated
// while switched out inside interrupt_exit(). (User entry will swap it through sscratch.)
//
// CpuLocal::arch_scratch is reserved for the user-mode entry (kernel stack and scratch words).

#include <lib/types.h>

namespace mica {
struct CpuLocal;
}

namespace mica::arch {

struct CpuLocalAccess {
    static void install(CpuLocal* cpu) { asm volatile("mv tp, %0" ::"r"(cpu) : "memory"); }
    // Volatile: a thread may move to another hart across any call that can switch.
    static CpuLocal* current() {
        CpuLocal* cpu;
        asm volatile("mv %0, tp" : "=r"(cpu));
        return cpu;
    }
};

} // namespace mica::arch
