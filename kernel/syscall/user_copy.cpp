#include <arch/user_access.h>
#include <core/layout.h>
#include <syscall/user_copy.h>

namespace mica {

Result<void> copy_from_user(void* to, uintptr_t user_from, uint64_t size) {
    if (size == 0)
        return {};
    if (!is_user_range(user_from, size))
        return Error::BadAddress;
    if (!arch::UserAccess::copy_from_user(to, user_from, size))
        return Error::BadAddress;
    return {};
}

Result<void> copy_to_user(uintptr_t user_to, const void* from, uint64_t size) {
    if (size == 0)
        return {};
    if (!is_user_range(user_to, size))
        return Error::BadAddress;
    if (!arch::UserAccess::copy_to_user(user_to, from, size))
        return Error::BadAddress;
    return {};
}

} // namespace mica
