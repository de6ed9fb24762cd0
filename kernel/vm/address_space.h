#pragma once
// A page table with map / unmap / protect / query over any ISA's entry format. The kernel uses
// BasicAddressSpace<arch::PageTableFormat>; host tests use an emulated format and check the
// tables they produce with an independent walker.
//
// Ranges are page-aligned and must lie in the format's canonical space. map() refuses to replace
// anything already mapped (and undoes its own partial work when it does). Large pages are used
// wherever virtual and physical addresses are aligned for them, and split when an unmap or
// protect covers only part of one.

#include <lib/align.h>
#include <lib/optional.h>
#include <vm/page_table_cursor.h>

namespace mica {

struct Translation {
    PhysAddr physical;
    PageFlags flags;
    uint64_t page_size; // of the leaf that maps the address
};

template <PageTableFormat Format>
class BasicAddressSpace {
public:
    static Result<BasicAddressSpace> create(PageTableMemory& memory, TlbInvalidation& tlb) {
        PhysAddr root = TRY(memory.allocate_table());
        return BasicAddressSpace(memory, tlb, root);
    }

    // Takes over an existing root table (the boot tables, or a copy of the kernel half).
    static BasicAddressSpace adopt(PageTableMemory& memory, TlbInvalidation& tlb, PhysAddr root) {
        return BasicAddressSpace(memory, tlb, root);
    }

    PhysAddr root() const { return m_cursor.root(); }

    Result<void> map(VirtAddr address, PhysAddr physical, uint64_t size, PageFlags flags) {
        TRY(check_range(address, size));
        if (!is_aligned(physical, kPageSize) || physical + size < physical)
            return Error::InvalidArgument;
        for (uint64_t done = 0; done < size;) {
            Result<void> step = map_one(address + done, physical + done, size - done, flags);
            if (step.is_error()) {
                if (done)
                    (void)unmap(address, done); // only splits could fail, and none are needed
                return step.error();
            }
            done += m_last_leaf_size;
        }
        m_tlb.publish(address, size);
        return {};
    }

    // Unmapping addresses that are not mapped is not an error. Fails only when a large page must
    // be split and no frame is left for the new table; the part before it is unmapped then.
    Result<void> unmap(VirtAddr address, uint64_t size) {
        TRY(check_range(address, size));
        Result<void> result =
            for_each_leaf(address, size, [](PageTableEntry& entry, unsigned) { entry = 0; });
        m_tlb.invalidate(address, size);
        return result;
    }

    // Changes the flags of a range that must be mapped throughout (Error::NotFound otherwise,
    // and then nothing changes).
    Result<void> protect(VirtAddr address, uint64_t size, PageFlags flags) {
        TRY(check_range(address, size));
        for (VirtAddr page = address; page < address + size;) {
            Optional<Translation> translation = query(page);
            if (!translation)
                return Error::NotFound;
            page = align_down(page, translation->page_size) + translation->page_size;
        }
        Result<void> result =
            for_each_leaf(address, size, [flags](PageTableEntry& entry, unsigned level) {
                entry = Format::make_leaf(Format::leaf_address(entry, level), flags, level);
            });
        m_tlb.invalidate(address, size);
        return result;
    }

    Optional<Translation> query(VirtAddr address) {
        if (!is_canonical<Format>(address))
            return {};
        Result<typename Cursor::Position> position = m_cursor.walk(address, 0, false);
        if (position.is_error() || !Format::is_valid(*position.value().entry))
            return {};
        auto [entry, level] = position.value();
        uint64_t page_size = level_size(level);
        return Translation{Format::leaf_address(*entry, level) + (address & (page_size - 1)),
                           Format::leaf_flags(*entry, level), page_size};
    }

    // Frees every table (not the frames the leaves point to). The address space is unusable
    // afterwards.
    void destroy() {
        free_tables(root(), Format::kLevels - 1);
        m_memory.free_table(root());
    }

private:
    using Cursor = PageTableCursor<Format>;

    BasicAddressSpace(PageTableMemory& memory, TlbInvalidation& tlb, PhysAddr root)
        : m_memory(memory), m_tlb(tlb), m_cursor(memory, root) {}

    static Result<void> check_range(VirtAddr address, uint64_t size) {
        if (size == 0 || !is_aligned(address, kPageSize) || !is_aligned(size, kPageSize) ||
            address + size < address)
            return Error::InvalidArgument;
        if (!is_canonical<Format>(address) || !is_canonical<Format>(address + size - 1))
            return Error::OutOfRange;
        // A range may not straddle the hole between the low and the high half.
        if ((static_cast<int64_t>(address) < 0) != (static_cast<int64_t>(address + size - 1) < 0))
            return Error::OutOfRange;
        return {};
    }

    // Maps the largest leaf that fits at `address` and sets m_last_leaf_size.
    Result<void> map_one(VirtAddr address, PhysAddr physical, uint64_t remaining, PageFlags flags) {
        unsigned level = Format::kLargestLeafLevel;
        while (level > 0 &&
               (!is_aligned(address, level_size(level)) ||
                !is_aligned(physical, level_size(level)) || remaining < level_size(level)))
            --level;
        for (;;) {
            auto position = TRY(m_cursor.walk(address, level, true));
            if (position.level != level)
                return Error::AlreadyExists; // a large page already covers this address
            if (Format::is_valid(*position.entry)) {
                // A table here may still have room below: map with smaller pages instead.
                if (level > 0 && Format::is_table(*position.entry, level)) {
                    --level;
                    continue;
                }
                return Error::AlreadyExists;
            }
            *position.entry = Format::make_leaf(physical, flags, level);
            m_last_leaf_size = level_size(level);
            return {};
        }
    }

    // Calls `change(entry, level)` on every valid leaf in the range, splitting large pages that
    // stick out of it first, so the change applies to exactly the range.
    template <typename Change>
    Result<void> for_each_leaf(VirtAddr address, uint64_t size, Change change) {
        VirtAddr end = address + size;
        for (VirtAddr page = address; page < end;) {
            auto position = TRY(m_cursor.walk(page, 0, false));
            uint64_t span = level_size(position.level);
            VirtAddr leaf_start = align_down(page, span);
            if (!Format::is_valid(*position.entry)) {
                page = leaf_start + span;
                continue;
            }
            if (leaf_start < page || leaf_start + span > end) {
                TRY(m_cursor.split(position, page, m_tlb));
                continue; // walk again into the new table
            }
            change(*position.entry, position.level);
            page = leaf_start + span;
        }
        return {};
    }

    void free_tables(PhysAddr table, unsigned level) {
        if (level == 0)
            return;
        PageTableEntry* entries = m_memory.table_pointer(table);
        for (unsigned i = 0; i < kEntriesPerTable; ++i) {
            if (Format::is_valid(entries[i]) && Format::is_table(entries[i], level)) {
                PhysAddr child = Format::table_address(entries[i]);
                free_tables(child, level - 1);
                m_memory.free_table(child);
            }
        }
    }

    PageTableMemory& m_memory;
    TlbInvalidation& m_tlb;
    Cursor m_cursor;
    uint64_t m_last_leaf_size = 0;
};

} // namespace mica
