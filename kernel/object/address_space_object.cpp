#include <core/layout.h>
#include <lib/align.h>
#include <object/address_space_object.h>
#include <object/memory_object.h>
#include <object/mmio_range.h>

namespace mica {

namespace {

// Where mappings without map.fixed go: well above where programs are linked (0x400000), so a
// growing program image never collides with them.
constexpr VirtAddr kDynamicBase = 0x10'0000'0000;

bool has(uint64_t flags, uint64_t bit) { return (flags & bit) != 0; }

// What a handle with `rights` may map: never more than it could read or write itself.
Result<void> check_rights(PageFlags wanted, abi::Rights rights) {
    auto holds = [rights](abi::Rights right) { return (rights & right) == right; };
    if (!holds(abi::Rights::Read) || (wanted.writable && !holds(abi::Rights::Write)) ||
        (wanted.executable && !holds(abi::Rights::Execute)))
        return Error::AccessDenied;
    return {};
}

PageFlags limit_of(abi::Rights rights, MemoryType type) {
    auto holds = [rights](abi::Rights right) { return (rights & right) == right; };
    return PageFlags{.writable = holds(abi::Rights::Write),
                     .executable = holds(abi::Rights::Execute) && type == MemoryType::Normal,
                     .user = true,
                     .type = type};
}

} // namespace

Result<PageFlags> map_flags_to_page_flags(uint64_t flags) {
    using namespace abi::map_flags;
    if (flags & ~(kRead | kWrite | kExecute | kFixed))
        return Error::InvalidArgument;
    // Every mapping is readable (page_flags.h), so asking for none of it is a mistake; and no
    // mapping is both writable and executable.
    if (!has(flags, kRead) || (has(flags, kWrite) && has(flags, kExecute)))
        return Error::InvalidArgument;
    return PageFlags{
        .writable = has(flags, kWrite), .executable = has(flags, kExecute), .user = true};
}

Result<RefPtr<AddressSpaceObject>> AddressSpaceObject::create() {
    RefPtr<AddressSpaceObject> space = TRY(make_ref<AddressSpaceObject>());
    space->m_table = TRY(UserPageTable::create());
    return space;
}

AddressSpaceObject::~AddressSpaceObject() {
    clear();
    if (m_table)
        UserPageTable::destroy(m_table);
}

Optional<Translation> AddressSpaceObject::query(VirtAddr address) {
    sched::MutexGuard guard(m_lock);
    return m_table->query(address);
}

Mapping* AddressSpaceObject::first_ending_after(VirtAddr address) {
    Mapping* mapping = m_mappings.front();
    while (mapping && mapping->end() <= address)
        mapping = m_mappings.next(mapping);
    return mapping;
}

bool AddressSpaceObject::is_free(VirtAddr start, uint64_t size) {
    if (!is_user_range(start, size))
        return false;
    Mapping* next = first_ending_after(start);
    return !next || next->start >= start + size;
}

Result<VirtAddr> AddressSpaceObject::find_free(uint64_t size, VirtAddr hint) {
    if (hint && is_aligned(hint, kPageSize) && is_free(hint, size))
        return hint;
    VirtAddr candidate = kDynamicBase;
    for (Mapping* mapping = first_ending_after(candidate); mapping;
         mapping = m_mappings.next(mapping)) {
        if (mapping->start >= candidate + size)
            break;
        candidate = mapping->end();
    }
    if (!is_user_range(candidate, size))
        return Error::NoMemory;
    return candidate;
}

Result<void> AddressSpaceObject::map_pages(Mapping& mapping) {
    if (mapping.source->type() == abi::ObjectType::MmioRange) {
        auto* range = static_cast<MmioRange*>(mapping.source.get());
        return m_table->map(mapping.start, range->base() + mapping.offset, mapping.size,
                            mapping.flags);
    }
    auto* object = static_cast<MemoryObject*>(mapping.source.get());
    uint64_t first = mapping.offset / kPageSize;
    for (uint64_t page = 0; page < mapping.size / kPageSize; ++page) {
        Result<void> mapped =
            m_table->map(mapping.start + page * kPageSize, object->page_locked(first + page),
                         kPageSize, mapping.flags);
        if (mapped.is_error()) {
            if (page)
                (void)m_table->unmap(mapping.start, page * kPageSize);
            return mapped.error();
        }
    }
    return {};
}

Result<Mapping*> AddressSpaceObject::insert(RefPtr<Object> source, uint64_t offset, uint64_t size,
                                            VirtAddr address, uint64_t flags, PageFlags flags_bits,
                                            PageFlags limit) {
    VirtAddr start;
    if (has(flags, abi::map_flags::kFixed)) {
        if (!is_aligned(address, kPageSize))
            return Error::InvalidArgument;
        if (!is_user_range(address, size))
            return Error::OutOfRange;
        Mapping* next = first_ending_after(address);
        if (next && next->start < address + size)
            return Error::AlreadyExists;
        start = address;
    } else {
        start = TRY(find_free(size, address));
    }
    Mapping* mapping = TRY(heap::make<Mapping>());
    mapping->start = start;
    mapping->size = size;
    mapping->offset = offset;
    mapping->flags = flags_bits;
    mapping->limit = limit;
    mapping->source = move(source);
    Result<void> mapped = map_pages(*mapping);
    if (mapped.is_error()) {
        heap::destroy(mapping);
        return mapped.error();
    }
    m_mappings.insert_before(first_ending_after(start), mapping);
    return mapping;
}

Result<VirtAddr> AddressSpaceObject::map_memory(RefPtr<MemoryObject> object, abi::Rights rights,
                                                uint64_t offset, uint64_t size, VirtAddr address,
                                                uint64_t flags) {
    PageFlags wanted = TRY(map_flags_to_page_flags(flags));
    TRY(check_rights(wanted, rights));
    if (size == 0 || !is_aligned(offset, kPageSize) || !is_aligned(size, kPageSize))
        return Error::InvalidArgument;
    sched::MutexGuard guard(m_lock);
    sched::MutexGuard object_guard(object->lock());
    uint64_t object_size = object->page_count_locked() * kPageSize;
    if (offset > object_size || size > object_size - offset)
        return Error::OutOfRange;
    MemoryObject& target = *object;
    Mapping* mapping = TRY(insert(move(object), offset, size, address, flags, wanted,
                                  limit_of(rights, MemoryType::Normal)));
    target.add_mapping_locked(*mapping);
    return mapping->start;
}

Result<VirtAddr> AddressSpaceObject::map_mmio(RefPtr<MmioRange> range, abi::Rights rights,
                                              uint64_t offset, uint64_t size, VirtAddr address,
                                              uint64_t flags) {
    PageFlags wanted = TRY(map_flags_to_page_flags(flags));
    if (wanted.executable)
        return Error::InvalidArgument; // device registers are never code
    TRY(check_rights(wanted, rights));
    if (size == 0 || !is_aligned(offset, kPageSize) || !is_aligned(size, kPageSize))
        return Error::InvalidArgument;
    if (offset > range->size() || size > range->size() - offset)
        return Error::OutOfRange;
    wanted.type = MemoryType::Device;
    sched::MutexGuard guard(m_lock);
    Mapping* mapping = TRY(insert(move(range), offset, size, address, flags, wanted,
                                  limit_of(rights, MemoryType::Device)));
    return mapping->start;
}

// Makes `address` a boundary between mappings, splitting the one that straddles it.
Result<void> AddressSpaceObject::split_at(VirtAddr address) {
    Mapping* mapping = first_ending_after(address);
    if (!mapping || mapping->start >= address)
        return {};
    Mapping* tail = TRY(heap::make<Mapping>());
    uint64_t head_size = address - mapping->start;
    tail->start = address;
    tail->size = mapping->size - head_size;
    tail->offset = mapping->offset + head_size;
    tail->flags = mapping->flags;
    tail->limit = mapping->limit;
    tail->source = mapping->source;
    mapping->size = head_size;
    m_mappings.insert_before(m_mappings.next(mapping), tail);
    if (tail->source->type() == abi::ObjectType::MemoryObject) {
        auto* object = static_cast<MemoryObject*>(tail->source.get());
        sched::MutexGuard object_guard(object->lock());
        object->add_mapping_locked(*tail);
    }
    return {};
}

void AddressSpaceObject::remove(Mapping* mapping) {
    (void)m_table->unmap(mapping->start, mapping->size); // no large pages here: cannot fail
    m_mappings.remove(mapping);
    if (mapping->source->type() == abi::ObjectType::MemoryObject) {
        auto* object = static_cast<MemoryObject*>(mapping->source.get());
        sched::MutexGuard object_guard(object->lock());
        object->remove_mapping_locked(*mapping);
    }
    heap::destroy(mapping);
}

Result<void> AddressSpaceObject::unmap(VirtAddr address, uint64_t size) {
    if (size == 0 || !is_aligned(address, kPageSize) || !is_aligned(size, kPageSize))
        return Error::InvalidArgument;
    if (!is_user_range(address, size))
        return Error::OutOfRange;
    sched::MutexGuard guard(m_lock);
    TRY(split_at(address));
    TRY(split_at(address + size));
    Mapping* mapping = first_ending_after(address);
    while (mapping && mapping->start < address + size) {
        Mapping* next = m_mappings.next(mapping);
        remove(mapping);
        mapping = next;
    }
    return {};
}

Result<void> AddressSpaceObject::protect(VirtAddr address, uint64_t size, uint64_t flags) {
    if (flags & abi::map_flags::kFixed)
        return Error::InvalidArgument;
    PageFlags wanted = TRY(map_flags_to_page_flags(flags));
    if (size == 0 || !is_aligned(address, kPageSize) || !is_aligned(size, kPageSize))
        return Error::InvalidArgument;
    if (!is_user_range(address, size))
        return Error::OutOfRange;
    sched::MutexGuard guard(m_lock);
    // The whole range must be mapped, and every mapping in it must allow the new access.
    VirtAddr covered = address;
    for (Mapping* mapping = first_ending_after(address); mapping && covered < address + size;
         mapping = m_mappings.next(mapping)) {
        if (mapping->start > covered)
            break;
        if ((wanted.writable && !mapping->limit.writable) ||
            (wanted.executable && !mapping->limit.executable))
            return Error::AccessDenied;
        covered = mapping->end();
    }
    if (covered < address + size)
        return Error::NotFound;
    TRY(split_at(address));
    TRY(split_at(address + size));
    for (Mapping* mapping = first_ending_after(address); mapping && mapping->start < address + size;
         mapping = m_mappings.next(mapping)) {
        PageFlags updated = wanted;
        updated.type = mapping->flags.type;
        TRY(m_table->protect(mapping->start, mapping->size, updated));
        mapping->flags = updated;
    }
    return {};
}

void AddressSpaceObject::clear() {
    sched::MutexGuard guard(m_lock);
    while (Mapping* mapping = m_mappings.front())
        remove(mapping);
}

} // namespace mica
