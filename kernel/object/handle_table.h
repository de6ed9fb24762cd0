#pragma once
// A process's handles: a fixed table of slots, each holding a reference to an object, the rights
// of this handle and (for endpoints) a badge.
//
// A handle's value is its slot index in the low 8 bits and a random non-zero 24-bit tag, drawn
// whenever the slot is filled, in the upper bits. A stale handle (its slot reused) or a guessed
// value matches a live slot's tag with probability 2^-24, so handles cannot be forged by
// counting, and 0 (abi::kHandleInvalid) is never a handle.

#include <abi/mica_abi.h>
#include <core/spinlock.h>
#include <lib/result.h>
#include <object/object.h>

namespace mica {

// What a lookup hands out: a reference to the object and what the handle allows.
struct HandleView {
    RefPtr<Object> object;
    abi::Rights rights = abi::Rights::None;
    uint64_t badge = 0;
};

// One handle, owned: in a table slot or in flight (an IPC message, a startup grant). It counts
// itself with its object for as long as it exists (Object::handle_opened / handle_closed), so an
// endpoint's receivers are still counted while a receive handle travels to another process.
class HandleEntry {
public:
    HandleEntry() = default;
    HandleEntry(RefPtr<Object> object, abi::Rights rights, uint64_t badge = 0)
        : m_object(move(object)), m_rights(rights), m_badge(badge) {
        if (m_object)
            m_object->handle_opened(m_rights);
    }
    HandleEntry(HandleEntry&& other)
        : m_object(move(other.m_object)), m_rights(other.m_rights), m_badge(other.m_badge) {}
    HandleEntry& operator=(HandleEntry&& other) {
        if (this != &other) {
            reset();
            m_object = move(other.m_object);
            m_rights = other.m_rights;
            m_badge = other.m_badge;
        }
        return *this;
    }
    ~HandleEntry() { reset(); }

    void reset() {
        RefPtr<Object> object = move(m_object);
        if (object)
            object->handle_closed(m_rights);
    }

    Object* object() const { return m_object.get(); }
    abi::Rights rights() const { return m_rights; }
    uint64_t badge() const { return m_badge; }
    explicit operator bool() const { return bool(m_object); }
    HandleView view() const { return HandleView{m_object, m_rights, m_badge}; }

private:
    RefPtr<Object> m_object;
    abi::Rights m_rights = abi::Rights::None;
    uint64_t m_badge = 0;
};

class HandleTable {
public:
    static constexpr uint32_t kSlots = 256;

    explicit HandleTable(uint64_t seed);
    ~HandleTable();
    HandleTable(const HandleTable&) = delete;
    HandleTable& operator=(const HandleTable&) = delete;

    // Stores an entry; Error::Full when every slot is taken (the entry is dropped then).
    Result<abi::Handle> add(HandleEntry entry);
    // A copy of the entry (another reference to its object), checked in the ABI's order: a live
    // handle (BadHandle), of `type` unless None (WrongType), holding every right in `needed`
    // (AccessDenied).
    Result<HandleView> get(abi::Handle handle, abi::ObjectType type, abi::Rights needed);
    // get() for the syscall fast paths (syscall/ipc_fast_path.cpp): inline and without Result.
    // Null wherever get() would fail (the full path then says why).
    RefPtr<Object> get_fast(abi::Handle handle, abi::ObjectType type, abi::Rights needed,
                            uint64_t& badge) {
        SpinLockGuard guard(m_lock);
        const Slot& slot = m_slots[slot_of(handle)];
        if (slot.tag == 0 || slot.tag != tag_of(handle) || slot.entry.object()->type() != type ||
            (slot.entry.rights() & needed) != needed)
            return nullptr;
        badge = slot.entry.badge();
        return RefPtr<Object>(slot.entry.object());
    }
    // The same checks, then removes the entry and hands it over.
    Result<HandleEntry> take(abi::Handle handle, abi::ObjectType type, abi::Rights needed);

    // Closes every handle (process exit).
    void clear();
    uint32_t count() const { return m_count.load(MemoryOrder::Relaxed); }

private:
    struct Slot {
        HandleEntry entry;
        uint32_t tag = 0; // 0: free
    };

    static uint32_t slot_of(abi::Handle handle) { return handle & 0xff; }
    static uint32_t tag_of(abi::Handle handle) { return handle >> 8; }
    uint32_t next_tag() REQUIRES(m_lock);
    Result<Slot*> find_checked(abi::Handle handle, abi::ObjectType type, abi::Rights needed)
        REQUIRES(m_lock);

    SpinLock m_lock;
    Slot m_slots[kSlots] GUARDED_BY(m_lock);
    uint64_t m_random GUARDED_BY(m_lock);
    Atomic<uint32_t> m_count{0};
};

} // namespace mica
