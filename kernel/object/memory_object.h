#pragma once
// A MemoryObject: zero-filled pages that can be mapped into address spaces, shared between
// processes (each mapping refers to the same frames) and resized. Frames are allocated when the
// object is created or grows, so mapping never fails later for want of memory and a page fault
// in a mapped range cannot happen.
//
// Shrinking below the end of a live mapping is refused (bad_state): the pages stay where a
// process can see them until it unmaps them, instead of being pulled from under it.

#include <lib/result.h>
#include <object/mapping.h>
#include <object/object.h>
#include <sched/mutex.h>

namespace mica {

class MemoryObject final : public Object {
public:
    // Larger requests fail with Error::OutOfRange.
    static constexpr uint64_t kMaxSize = 1ull << 30;

    static Result<RefPtr<MemoryObject>> create(uint64_t size);
    // For device DMA: one physically contiguous, zeroed run of frames (a buddy block, so aligned
    // to its size rounded up to a power of two pages) that stays put until the object dies.
    // Error::InvalidArgument for size 0; resizing it later fails with Error::BadState.
    static Result<RefPtr<MemoryObject>> create_contiguous(uint64_t size);
    ~MemoryObject() override;

    // The physical address of the first page of a contiguous object; 0 for any other.
    PhysAddr contiguous_base() const { return m_contiguous_base; }

    uint64_t size();
    Result<void> resize(uint64_t size);

    // Copies between the object and user memory (bad user memory: Error::BadAddress) or kernel
    // memory. The range must lie inside the object (Error::OutOfRange).
    Result<void> read_to_user(uint64_t offset, uintptr_t user_buffer, uint64_t size);
    Result<void> write_from_user(uint64_t offset, uintptr_t user_buffer, uint64_t size);
    Result<void> write(uint64_t offset, const void* data, uint64_t size);

    // Mapping support (address_space_object.cpp): the frames of [offset, offset + size) one page
    // at a time, and the mappings that use the object, under the object's lock.
    sched::Mutex& lock() { return m_lock; }
    PhysAddr page_locked(uint64_t index) const { return m_pages[index]; }
    uint64_t page_count_locked() const { return m_page_count; }
    void add_mapping_locked(Mapping& mapping);
    void remove_mapping_locked(Mapping& mapping);

    MemoryObject() : Object(abi::ObjectType::MemoryObject) {}

private:
    Result<void> set_page_count(uint64_t count);
    template <typename Copy>
    Result<void> for_each_chunk(uint64_t offset, uint64_t size, Copy copy);

    sched::Mutex m_lock;
    PhysAddr* m_pages = nullptr; // m_page_count frames, heap-allocated
    uint64_t m_page_count = 0;
    PhysAddr m_contiguous_base = 0; // set for create_contiguous() objects, which never resize
    sched::IntrusiveList<Mapping, MappingObjectLink> m_mappings;
};

} // namespace mica
