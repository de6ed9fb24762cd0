#pragma once
// A process's virtual memory as an object: its user page table and the list of mappings (memory
// objects and MMIO ranges) that fill it. Every mapping holds a reference to its source, so
// shared memory stays alive while anyone maps it.
//
// Ranges are page-aligned and lie in user space. A mapping never replaces another one; unmap()
// and protect() may cover parts of mappings (which are then split).

#include <abi/mica_abi.h>
#include <object/mapping.h>
#include <object/object.h>
#include <sched/mutex.h>
#include <vm/user_page_table.h>

namespace mica {

class MemoryObject;
class MmioRange;

class AddressSpaceObject final : public Object {
public:
    static Result<RefPtr<AddressSpaceObject>> create();
    ~AddressSpaceObject() override;

    // abi map flags (read, write, execute, fixed); `rights` are those of the source's handle and
    // bound what the mapping may ever allow (AccessDenied otherwise). Returns the start.
    Result<VirtAddr> map_memory(RefPtr<MemoryObject> object, abi::Rights rights, uint64_t offset,
                                uint64_t size, VirtAddr address, uint64_t flags);
    Result<VirtAddr> map_mmio(RefPtr<MmioRange> range, abi::Rights rights, uint64_t offset,
                              uint64_t size, VirtAddr address, uint64_t flags);
    Result<void> unmap(VirtAddr address, uint64_t size);
    Result<void> protect(VirtAddr address, uint64_t size, uint64_t flags);

    // Removes every mapping (the process ended); the object stays usable but empty.
    void clear();

    PhysAddr page_table_root() const { return m_table->root(); }
    // What a user address translates to, for tests and fault reports.
    Optional<Translation> query(VirtAddr address);

    AddressSpaceObject() : Object(abi::ObjectType::AddressSpace) {}

private:
    Result<Mapping*> insert(RefPtr<Object> source, uint64_t offset, uint64_t size, VirtAddr address,
                            uint64_t flags, PageFlags flags_bits, PageFlags limit) REQUIRES(m_lock);
    Result<VirtAddr> find_free(uint64_t size, VirtAddr hint) REQUIRES(m_lock);
    bool is_free(VirtAddr start, uint64_t size) REQUIRES(m_lock);
    Mapping* first_ending_after(VirtAddr address) REQUIRES(m_lock);
    Result<void> split_at(VirtAddr address) REQUIRES(m_lock);
    Result<void> map_pages(Mapping& mapping) REQUIRES(m_lock);
    void remove(Mapping* mapping) REQUIRES(m_lock);

    sched::Mutex m_lock;
    UserPageTable* m_table = nullptr;
    sched::IntrusiveList<Mapping, MappingSpaceLink> m_mappings GUARDED_BY(m_lock);
};

// abi map flags to page flags: Error::InvalidArgument for unknown bits.
Result<PageFlags> map_flags_to_page_flags(uint64_t flags);

} // namespace mica
