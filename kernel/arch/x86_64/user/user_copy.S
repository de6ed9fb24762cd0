/* UserAccess::copy_from_user / copy_to_user (include/arch/user_access.h): one rep movsb with user
 * access open (stac/clac under SMAP). A fault on a user page ends the copy at the exception fixup,
 * which closes access again and returns false. Callers checked the user range lies in user space;
 * a page that is not mapped or not permitted is what faults here. */

#include <arch/x86_64/traps/entry_macros.inc>
#include <core/exception_fixup.inc>

    .text
/* bool x86_64_copy_user(void* to (rdi), const void* from (rsi), size_t size (rdx)) */
    .global x86_64_copy_user
    .type x86_64_copy_user, @function
x86_64_copy_user:
    mov %rdx, %rcx
    open_user_access
.Lcopy:
    rep movsb
    clear_user_access
    mov $1, %eax
    ret
.Lcopy_faulted:
    clear_user_access
    xor %eax, %eax
    ret
    exception_fixup .Lcopy, .Lcopy_faulted
    .size x86_64_copy_user, . - x86_64_copy_user
