#pragma once
// OwnedHandle: the one owner of a handle in this process's handle table, closed when the owner
// goes away. Move-only, so a handle is closed exactly once and a moved-from owner is empty.
//
//   OwnedHandle memory(raw);                 // from a syscall's out-parameter
//   auto reader = TRY(memory.duplicate(abi::Rights::Read | abi::Rights::Map));
//   grant(child, memory.release());          // hand it on without closing it

#include <abi/mica_abi.h>
#include <mica/sys_result.h>

namespace mica {

constexpr abi::Handle kInvalidHandle = abi::Handle(abi::kHandleInvalid);

class OwnedHandle {
public:
    constexpr OwnedHandle() = default;
    constexpr explicit OwnedHandle(abi::Handle handle) : m_handle(handle) {}
    ~OwnedHandle() { reset(); }

    OwnedHandle(OwnedHandle&& other) : m_handle(other.release()) {}
    OwnedHandle& operator=(OwnedHandle&& other) {
        if (this != &other)
            reset(other.release());
        return *this;
    }
    OwnedHandle(const OwnedHandle&) = delete;
    OwnedHandle& operator=(const OwnedHandle&) = delete;

    abi::Handle get() const { return m_handle; }
    bool is_valid() const { return m_handle != kInvalidHandle; }
    explicit operator bool() const { return is_valid(); }

    // Gives up ownership without closing: the caller (or the kernel, for a moved handle) now
    // answers for it.
    [[nodiscard]] abi::Handle release() {
        abi::Handle handle = m_handle;
        m_handle = kInvalidHandle;
        return handle;
    }

    // Closes the current handle, if any, and owns `replacement` instead.
    void reset(abi::Handle replacement = kInvalidHandle);

    // A second handle to the same object with `rights` (a subset of this handle's).
    SysResult<OwnedHandle> duplicate(abi::Rights rights) const;

    // Keeps only `rights` (handle_replace). On error the handle is gone, as the kernel says.
    SysResult<void> restrict_rights(abi::Rights rights);

private:
    abi::Handle m_handle = kInvalidHandle;
};

} // namespace mica
