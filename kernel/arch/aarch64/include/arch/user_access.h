#pragma once
// Checked copies between kernel and user memory (the arch contract's UserAccess). The copies use
// the unprivileged LDTR/STTR, which the MMU checks as EL0 accesses: they reach exactly what user
// mode could, work with PSTATE.PAN set (so PAN never has to be lifted), and a kernel address
// faults like any other bad pointer. Every one of them is listed in .exception_fixups
// (user/copy.S), so a fault ends the copy with false.

#include <lib/types.h>

extern "C" bool aarch64_copy_from_user(void* to, uintptr_t from, size_t size);
extern "C" bool aarch64_copy_to_user(uintptr_t to, const void* from, size_t size);

namespace mica::arch {

struct UserAccess {
    static bool copy_from_user(void* to, uintptr_t user, size_t size) {
        return aarch64_copy_from_user(to, user, size);
    }
    static bool copy_to_user(uintptr_t user, const void* from, size_t size) {
        return aarch64_copy_to_user(user, from, size);
    }
    // PSTATE.PAN is set on this CPU: the kernel's own loads and stores fault on user pages.
    // Only CPUs with FEAT_PAN (Armv8.1; not cortex-a72) have it (user/privileged_access.cpp).
    static bool enforced();
};

} // namespace mica::arch
