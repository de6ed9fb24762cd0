#pragma once
// An emulated ISA for the generic page-table code: its own entry encoding (deliberately unlike
// x86, arm or riscv), emulated physical memory for the tables, a recording TLB, and an oracle
// walker written independently of kernel/vm that translates addresses the way "hardware" would.

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <vector>
#include <vm/page_table_memory.h>

namespace emulated {

using mica::PageFlags;
using mica::PageTableEntry;
using mica::PhysAddr;

// bit 0 valid, bit 1 leaf (also set on level-0 entries), bits 2..6 flags, bits 12..51 address.
struct Format {
    static constexpr unsigned kLevels = 4;
    static constexpr unsigned kLargestLeafLevel = 2;
    static constexpr bool kBreakBeforeMake = true;
    static constexpr uint64_t kAddressMask = 0x000f'ffff'ffff'f000;

    static bool is_valid(PageTableEntry e) { return e & 1; }
    static bool is_table(PageTableEntry e, unsigned level) { return level > 0 && !(e & 2); }
    static PhysAddr table_address(PageTableEntry e) { return e & kAddressMask; }
    static PageTableEntry make_table(PhysAddr table) { return table | 1; }
    static PageTableEntry make_leaf(PhysAddr address, PageFlags flags, unsigned) {
        return address | 3 | uint64_t(flags.writable) << 2 | uint64_t(flags.executable) << 3 |
               uint64_t(flags.user) << 4 | uint64_t(flags.global) << 5 |
               uint64_t(flags.type == mica::MemoryType::Device) << 6;
    }
    static PhysAddr leaf_address(PageTableEntry e, unsigned) { return e & kAddressMask; }
    static PageFlags leaf_flags(PageTableEntry e, unsigned) {
        return PageFlags{.writable = bool(e & 4),
                         .executable = bool(e & 8),
                         .user = bool(e & 16),
                         .global = bool(e & 32),
                         .type = (e & 64) ? mica::MemoryType::Device : mica::MemoryType::Normal};
    }
};
static_assert(mica::PageTableFormat<Format>);

class Memory final : public mica::PageTableMemory {
public:
    mica::Result<PhysAddr> allocate_table() override {
        if (m_fail_after && m_allocations >= *m_fail_after)
            return mica::Error::NoMemory;
        ++m_allocations;
        PhysAddr address = m_next;
        m_next += 0x1000;
        m_tables[address].fill(0);
        return address;
    }
    void free_table(PhysAddr table) override {
        if (!m_tables.erase(table))
            m_bad_frees++;
    }
    PageTableEntry* table_pointer(PhysAddr table) override { return m_tables.at(table).data(); }

    size_t live_tables() const { return m_tables.size(); }
    size_t bad_frees() const { return m_bad_frees; }
    void fail_after(size_t allocations) { m_fail_after = allocations; }
    void never_fail() { m_fail_after.reset(); }
    size_t allocations() const { return m_allocations; }

    // The oracle: translates like the hardware of this emulated ISA would.
    struct Hit {
        PhysAddr physical;
        PageFlags flags;
        uint64_t page_size;
    };
    std::optional<Hit> translate(PhysAddr root, uint64_t virt) const {
        PhysAddr table = root;
        for (int level = 3; level >= 0; --level) {
            unsigned index = (virt >> (12 + 9 * level)) & 511;
            PageTableEntry e = m_tables.at(table)[index];
            if (!(e & 1))
                return std::nullopt;
            if (level == 0 || (e & 2)) {
                uint64_t size = uint64_t{1} << (12 + 9 * level);
                if ((e & Format::kAddressMask) % size)
                    return std::nullopt; // misaligned large page: hardware would fault
                return Hit{(e & Format::kAddressMask) + (virt & (size - 1)),
                           Format::leaf_flags(e, level), size};
            }
            table = e & Format::kAddressMask;
        }
        return std::nullopt;
    }

private:
    std::map<PhysAddr, std::array<PageTableEntry, 512>> m_tables;
    PhysAddr m_next = 0x1'0000'0000;
    size_t m_allocations = 0;
    size_t m_bad_frees = 0;
    std::optional<size_t> m_fail_after;
};

class Tlb final : public mica::TlbInvalidation {
public:
    void invalidate(mica::VirtAddr address, uint64_t size) override {
        ranges.push_back({address, size});
    }
    void publish(mica::VirtAddr address, uint64_t size) override {
        published.push_back({address, size});
    }
    bool covered(mica::VirtAddr address) const {
        for (auto [start, size] : ranges) {
            if (address >= start && address - start < size)
                return true;
        }
        return false;
    }
    std::vector<std::pair<mica::VirtAddr, uint64_t>> ranges;
    std::vector<std::pair<mica::VirtAddr, uint64_t>> published;
};

} // namespace emulated
