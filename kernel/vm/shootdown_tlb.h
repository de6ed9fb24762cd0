#pragma once
// TLB invalidation for tables that several CPUs may cache (the kernel table, and user tables,
// whose process may run on any CPU and whose stale entries may linger in a CPU that ran it
// before): a change is invalidated on every online CPU by IPI before the caller goes on.

#include <vm/page_table_memory.h>

namespace mica {

class ShootdownTlb final : public TlbInvalidation {
public:
    // Starts live for user tables; the kernel table's goes live when it is switched to (until
    // then nothing caches it).
    constexpr explicit ShootdownTlb(bool live = false) : m_live(live) {}

    void invalidate(VirtAddr address, uint64_t size) override;
    void publish(VirtAddr address, uint64_t size) override;

    void go_live() { m_live = true; }
    bool is_live() const { return m_live; }

private:
    bool m_live;
};

} // namespace mica
