#pragma once
// Copies between kernel and user memory. Supervisor code may touch U pages only while
// sstatus.SUM is set, and the kernel keeps it clear everywhere but inside these copies
// (user_access.S); the trap entry clears it too, so an interrupt taken mid-copy does not lend
// it to another thread. A fault on a user address inside a copy resumes through an exception
// fixup that clears SUM and returns false.

#include <arch/csr.h>
#include <lib/types.h>

extern "C" bool riscv64_copy_from_user(void* to, uintptr_t user, size_t size);
extern "C" bool riscv64_copy_to_user(uintptr_t user, const void* from, size_t size);

namespace mica::arch {

struct UserAccess {
    static bool copy_from_user(void* to, uintptr_t user, size_t size) {
        return riscv64_copy_from_user(to, user, size);
    }
    static bool copy_to_user(uintptr_t user, const void* from, size_t size) {
        return riscv64_copy_to_user(user, from, size);
    }
    // Sv39 always keeps S-mode out of U pages without SUM; true as long as SUM is clear, which
    // it is outside the copies.
    static bool enforced() { return from_raw<Sstatus>(read_sstatus()).sum == 0; }
};

} // namespace mica::arch
