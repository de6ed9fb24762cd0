#pragma once
// One mapping in a user address space: [start, start + size) shows `source` (a MemoryObject or
// an MmioRange) from `offset` on, with `flags`. `limit` is what the handle used to map it
// allowed, so a later protect() cannot exceed it.

#include <object/object.h>
#include <sched/list.h>
#include <vm/page_flags.h>

namespace mica {

struct Mapping {
    VirtAddr start = 0;
    uint64_t size = 0;
    uint64_t offset = 0;
    PageFlags flags;
    PageFlags limit;
    RefPtr<Object> source;

    sched::ListLinks<Mapping> space_link;  // the address space's list, sorted by start
    sched::ListLinks<Mapping> object_link; // the memory object's list

    VirtAddr end() const { return start + size; }
};

struct MappingObjectLink {
    static sched::ListLinks<Mapping>& links(Mapping& mapping) { return mapping.object_link; }
};

struct MappingSpaceLink {
    static sched::ListLinks<Mapping>& links(Mapping& mapping) { return mapping.space_link; }
};

} // namespace mica
