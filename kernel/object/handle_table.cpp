#include <object/handle_table.h>

namespace mica {

HandleTable::HandleTable(uint64_t seed) : m_random(seed | 1) {}

HandleTable::~HandleTable() { clear(); }

uint32_t HandleTable::next_tag() {
    // xorshift64: cheap, and good enough that tags do not repeat in any pattern a process could
    // exploit; the seed differs per process (process.cpp).
    for (;;) {
        m_random ^= m_random << 13;
        m_random ^= m_random >> 7;
        m_random ^= m_random << 17;
        uint32_t tag = uint32_t(m_random >> 40) & 0xff'ffff;
        if (tag != 0)
            return tag;
    }
}

Result<abi::Handle> HandleTable::add(HandleEntry entry) {
    SpinLockGuard guard(m_lock);
    uint32_t index = 0;
    while (index < kSlots && m_slots[index].tag != 0)
        ++index;
    if (index == kSlots)
        return Error::Full; // `entry` closes in the caller, after the guard released the lock
    Slot& slot = m_slots[index];
    slot.tag = next_tag();
    slot.entry = move(entry);
    m_count.fetch_add(1, MemoryOrder::Relaxed);
    return (slot.tag << 8) | index;
}

Result<HandleTable::Slot*> HandleTable::find_checked(abi::Handle handle, abi::ObjectType type,
                                                     abi::Rights needed) {
    Slot& slot = m_slots[slot_of(handle)];
    if (slot.tag == 0 || slot.tag != tag_of(handle))
        return Error::BadHandle;
    if (type != abi::ObjectType::None && slot.entry.object()->type() != type)
        return Error::WrongType;
    if ((slot.entry.rights() & needed) != needed)
        return Error::AccessDenied;
    return &slot;
}

Result<HandleView> HandleTable::get(abi::Handle handle, abi::ObjectType type, abi::Rights needed) {
    SpinLockGuard guard(m_lock);
    Slot* slot = TRY(find_checked(handle, type, needed));
    return slot->entry.view();
}

Result<HandleEntry> HandleTable::take(abi::Handle handle, abi::ObjectType type,
                                      abi::Rights needed) {
    HandleEntry entry;
    {
        SpinLockGuard guard(m_lock);
        Slot* slot = TRY(find_checked(handle, type, needed));
        entry = move(slot->entry);
        slot->tag = 0;
        m_count.fetch_sub(1, MemoryOrder::Relaxed);
    }
    return entry;
}

void HandleTable::clear() {
    for (uint32_t index = 0; index < kSlots; ++index) {
        HandleEntry entry;
        {
            SpinLockGuard guard(m_lock);
            Slot& slot = m_slots[index];
            if (slot.tag == 0)
                continue;
            entry = move(slot.entry);
            slot.tag = 0;
            m_count.fetch_sub(1, MemoryOrder::Relaxed);
        }
        // `entry` closes here, outside the lock: dropping the last reference runs the object's
        // destructor, which may block (an address space tears down its mappings).
    }
}

} // namespace mica
