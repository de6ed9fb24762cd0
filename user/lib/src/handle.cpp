#include <abi/user_syscalls.h>
#include <mica/handle.h>

namespace mica {

void OwnedHandle::reset(abi::Handle replacement) {
    if (m_handle != kInvalidHandle && m_handle != replacement) {
        // Closing a handle this object owns fails only if someone else closed it behind our
        // back; nothing useful can be done about that here.
        (void)sys::handle_close(m_handle);
    }
    m_handle = replacement;
}

SysResult<OwnedHandle> OwnedHandle::duplicate(abi::Rights rights) const {
    abi::Handle copy = kInvalidHandle;
    TRY(check(sys::handle_duplicate(m_handle, rights, &copy), "handle_duplicate"));
    return OwnedHandle(copy);
}

SysResult<void> OwnedHandle::restrict_rights(abi::Rights rights) {
    abi::Handle replaced = kInvalidHandle;
    abi::Status status = sys::handle_replace(release(), rights, &replaced);
    TRY(check(status, "handle_replace"));
    m_handle = replaced;
    return {};
}

} // namespace mica
