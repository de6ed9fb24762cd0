#include <arch/mmu.h>
#include <lib/align.h>
#include <object/memory_object.h>
#include <syscall/user_copy.h>
#include <vm/page_table_format.h>
#include <vm/physical_memory.h>

namespace mica {

Result<RefPtr<MemoryObject>> MemoryObject::create(uint64_t size) {
    if (size > kMaxSize)
        return Error::OutOfRange;
    RefPtr<MemoryObject> object = TRY(make_ref<MemoryObject>());
    TRY(object->resize(size));
    return object;
}

Result<RefPtr<MemoryObject>> MemoryObject::create_contiguous(uint64_t size) {
    if (size == 0)
        return Error::InvalidArgument;
    if (size > kMaxSize)
        return Error::OutOfRange;
    uint64_t count = align_up(size, kPageSize) / kPageSize;
    RefPtr<MemoryObject> object = TRY(make_ref<MemoryObject>());
    auto* pages = static_cast<PhysAddr*>(TRY(heap::allocate(count * sizeof(PhysAddr))));
    Result<PhysAddr> base = physical_memory::allocate_contiguous(count);
    if (base.is_error()) {
        heap::free(pages);
        return base.error();
    }
    for (uint64_t i = 0; i < count; ++i) {
        pages[i] = base.value() + i * kPageSize;
        auto* bytes = static_cast<uint64_t*>(arch::EarlyMmu::phys_to_virt(pages[i]));
        for (uint64_t word = 0; word < kPageSize / 8; ++word)
            bytes[word] = 0;
    }
    object->m_pages = pages;
    object->m_page_count = count;
    object->m_contiguous_base = base.value();
    return object;
}

MemoryObject::~MemoryObject() {
    // Nothing maps the object any more: every mapping holds a reference.
    if (m_contiguous_base) {
        (void)physical_memory::free_contiguous(m_contiguous_base, m_page_count);
        heap::free(m_pages);
        return;
    }
    (void)set_page_count(0);
}

uint64_t MemoryObject::size() {
    sched::MutexGuard guard(m_lock);
    return m_page_count * kPageSize;
}

Result<void> MemoryObject::resize(uint64_t size) {
    if (size > kMaxSize)
        return Error::OutOfRange;
    uint64_t count = align_up(size, kPageSize) / kPageSize;
    sched::MutexGuard guard(m_lock);
    if (m_contiguous_base) // devices hold its physical address: it must not move or shrink
        return Error::BadState;
    for (Mapping* mapping = m_mappings.front(); mapping; mapping = m_mappings.next(mapping)) {
        if (mapping->offset + mapping->size > count * kPageSize)
            return Error::BadState;
    }
    return set_page_count(count);
}

// Frames are zeroed through the direct map when they join the object, so the object is
// zero-filled everywhere, also after shrinking and growing again.
Result<void> MemoryObject::set_page_count(uint64_t count) {
    if (count == m_page_count)
        return {};
    PhysAddr* pages = nullptr;
    if (count) {
        pages = static_cast<PhysAddr*>(TRY(heap::allocate(count * sizeof(PhysAddr))));
        uint64_t keep = min(count, m_page_count);
        for (uint64_t i = 0; i < keep; ++i)
            pages[i] = m_pages[i];
        for (uint64_t i = keep; i < count; ++i) {
            Result<PhysAddr> frame = physical_memory::allocate_frame();
            if (frame.is_error()) {
                for (uint64_t j = keep; j < i; ++j)
                    (void)physical_memory::free_frame(pages[j]);
                heap::free(pages);
                return frame.error();
            }
            pages[i] = frame.value();
            auto* bytes = static_cast<uint64_t*>(arch::EarlyMmu::phys_to_virt(pages[i]));
            for (uint64_t word = 0; word < kPageSize / 8; ++word)
                bytes[word] = 0;
        }
    }
    for (uint64_t i = count; i < m_page_count; ++i)
        (void)physical_memory::free_frame(m_pages[i]);
    heap::free(m_pages);
    m_pages = pages;
    m_page_count = count;
    return {};
}

template <typename Copy>
Result<void> MemoryObject::for_each_chunk(uint64_t offset, uint64_t size, Copy copy) {
    if (offset > m_page_count * kPageSize || size > m_page_count * kPageSize - offset)
        return Error::OutOfRange;
    for (uint64_t done = 0; done < size;) {
        uint64_t position = offset + done;
        uint64_t in_page = position % kPageSize;
        uint64_t chunk = min(kPageSize - in_page, size - done);
        auto* page =
            static_cast<uint8_t*>(arch::EarlyMmu::phys_to_virt(m_pages[position / kPageSize]));
        TRY(copy(page + in_page, done, chunk));
        done += chunk;
    }
    return {};
}

Result<void> MemoryObject::read_to_user(uint64_t offset, uintptr_t user_buffer, uint64_t size) {
    sched::MutexGuard guard(m_lock);
    return for_each_chunk(offset, size, [&](uint8_t* bytes, uint64_t done, uint64_t chunk) {
        return copy_to_user(user_buffer + done, bytes, chunk);
    });
}

Result<void> MemoryObject::write_from_user(uint64_t offset, uintptr_t user_buffer, uint64_t size) {
    sched::MutexGuard guard(m_lock);
    return for_each_chunk(offset, size, [&](uint8_t* bytes, uint64_t done, uint64_t chunk) {
        return copy_from_user(bytes, user_buffer + done, chunk);
    });
}

Result<void> MemoryObject::write(uint64_t offset, const void* data, uint64_t size) {
    sched::MutexGuard guard(m_lock);
    auto* source = static_cast<const uint8_t*>(data);
    return for_each_chunk(offset, size,
                          [&](uint8_t* bytes, uint64_t done, uint64_t chunk) -> Result<void> {
                              // The word-wise memcpy (lib/freestanding): init's 1 MiB device
                              // tree copied byte by byte cost aarch64 4.6M instructions of boot.
                              __builtin_memcpy(bytes, source + done, chunk);
                              return {};
                          });
}

void MemoryObject::add_mapping_locked(Mapping& mapping) { m_mappings.push_back(&mapping); }

void MemoryObject::remove_mapping_locked(Mapping& mapping) { m_mappings.remove(&mapping); }

} // namespace mica
