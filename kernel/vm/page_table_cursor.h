#pragma once
// Walks one page table from the root towards the entry for a virtual address, creating missing
// tables on the way when asked. The generic AddressSpace builds map/unmap/protect/query on it;
// the ISA only supplies the entry encoding (PageTableFormat).

#include <lib/result.h>
#include <vm/page_table_memory.h>

namespace mica {

template <PageTableFormat Format>
class PageTableCursor {
public:
    // Where a walk stopped: at `level`, on `entry`. A walk stops early (above the level asked
    // for) at an invalid entry when not creating, or at a large-page leaf.
    struct Position {
        PageTableEntry* entry;
        unsigned level;
    };

    PageTableCursor(PageTableMemory& memory, PhysAddr root) : m_memory(memory), m_root(root) {}

    Result<Position> walk(VirtAddr address, unsigned target_level, bool create) {
        PageTableEntry* table = m_memory.table_pointer(m_root);
        for (unsigned level = Format::kLevels - 1;; --level) {
            PageTableEntry* entry = &table[level_index(address, level)];
            if (level == target_level)
                return Position{entry, level};
            if (!Format::is_valid(*entry)) {
                if (!create)
                    return Position{entry, level};
                PhysAddr next = TRY(m_memory.allocate_table());
                *entry = Format::make_table(next);
            } else if (!Format::is_table(*entry, level)) {
                return Position{entry, level}; // a large page covers the address
            }
            table = m_memory.table_pointer(Format::table_address(*entry));
        }
    }

    // Replaces the large-page leaf at `position` with a table of leaves one level down that
    // translate exactly the same range with the same flags.
    Result<void> split(Position position, VirtAddr address, TlbInvalidation& tlb) {
        unsigned level = position.level;
        PageTableEntry leaf = *position.entry;
        PhysAddr base = Format::leaf_address(leaf, level);
        PageFlags flags = Format::leaf_flags(leaf, level);
        PhysAddr table = TRY(m_memory.allocate_table());
        PageTableEntry* entries = m_memory.table_pointer(table);
        for (unsigned i = 0; i < kEntriesPerTable; ++i)
            entries[i] = Format::make_leaf(base + i * level_size(level - 1), flags, level - 1);
        if constexpr (Format::kBreakBeforeMake) {
            VirtAddr start = address & ~(level_size(level) - 1);
            *position.entry = 0;
            tlb.invalidate(start, level_size(level));
        }
        *position.entry = Format::make_table(table);
        return {};
    }

    PhysAddr root() const { return m_root; }

private:
    PageTableMemory& m_memory;
    PhysAddr m_root;
};

} // namespace mica
