#pragma once
// Checked copies between kernel and user memory (user/user_copy.S). With SMAP on, a supervisor
// access to a user page faults unless RFLAGS.AC is set, so the copy opens that window with stac
// and closes it with clac around one `rep movsb`; a fault inside it resumes at an exception fixup
// that returns false. Every trap entry clears AC, so an interrupt taken during a copy runs
// protected.

#include <lib/types.h>

// user/user_copy.S: true when all `size` bytes were copied.
extern "C" bool x86_64_copy_user(void* to, const void* from, size_t size);

namespace mica::arch {

struct UserAccess {
    static bool copy_from_user(void* to, uintptr_t user, size_t size) {
        return x86_64_copy_user(to, reinterpret_cast<const void*>(user), size);
    }
    static bool copy_to_user(uintptr_t user, const void* from, size_t size) {
        return x86_64_copy_user(reinterpret_cast<void*>(user), from, size);
    }
    // CR4.SMAP is on (CPUID.7.EBX[20]; QEMU's default qemu64 model lacks it, `-cpu max` has it).
    static bool enforced();
    // CR4.SMEP is on: the kernel cannot execute user pages.
    static bool execute_protected();
};

} // namespace mica::arch
