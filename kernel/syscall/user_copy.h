#pragma once
// The only way the kernel touches user memory: checked copies. The range must lie in user space
// (kernel/core/layout.h) and be mapped with the access the copy needs; anything else is
// Error::BadAddress, never a kernel fault. The arch does the copy with user access opened just
// for it (arch::UserAccess).

#include <lib/result.h>
#include <lib/types.h>

namespace mica {

Result<void> copy_from_user(void* to, uintptr_t user_from, uint64_t size);
Result<void> copy_to_user(uintptr_t user_to, const void* from, uint64_t size);

template <typename T>
Result<T> read_user(uintptr_t user_from) {
    T value;
    TRY(copy_from_user(&value, user_from, sizeof(T)));
    return value;
}

template <typename T>
Result<void> write_user(uintptr_t user_to, const T& value) {
    return copy_to_user(user_to, &value, sizeof(T));
}

} // namespace mica
