#include <arch/interrupts.h>
#include <arch/mmu.h>
#include <core/cpu_local.h>
#include <core/layout.h>
#include <core/panic.h>
#include <core/smp.h>
#include <vm/frame_page_tables.h>
#include <vm/heap_global.h>
#include <vm/kernel_address_space.h>
#include <vm/shootdown_tlb.h>
#include <vm/user_page_table.h>

namespace mica {

namespace {

using Space = BasicAddressSpace<arch::PageTableFormat>;

constexpr unsigned kKernelHalfFirst = kEntriesPerTable / 2;

constinit FramePageTables g_tables;
constinit ShootdownTlb g_tlb{true};

struct RegistryLink {
    static sched::ListLinks<UserPageTable>& links(UserPageTable& table) {
        return table.registry_link;
    }
};

// Guards the registry and the snapshot, so a root created during a sync gets the new entries
// either from the snapshot or from the sync.
constinit SpinLock g_registry_lock;
sched::IntrusiveList<UserPageTable, RegistryLink> g_registry;
PageTableEntry g_kernel_half[kEntriesPerTable / 2];

PageTableEntry* entries(PhysAddr root) { return g_tables.table_pointer(root); }

bool validate_range(VirtAddr address, uint64_t size) {
    return size != 0 && is_user_range(address, size);
}

void leave_table(void* root) {
    CpuLocal& self = this_cpu();
    if (self.active_user_table == reinterpret_cast<PhysAddr>(root)) {
        arch::Mmu::activate_user_table(0);
        self.active_user_table = 0;
    }
}

} // namespace

Result<UserPageTable*> UserPageTable::create() {
    Space space = TRY(Space::create(g_tables, g_tlb));
    Result<UserPageTable*> table = heap::make<UserPageTable>(space);
    if (table.is_error()) {
        space.destroy();
        return table.error();
    }
    if (arch::Mmu::kUserTableHoldsKernelHalf) {
        SpinLockGuard guard(g_registry_lock);
        if (g_registry.is_empty()) {
            PageTableEntry* kernel = entries(kernel_address_space::root());
            for (unsigned i = 0; i < kEntriesPerTable / 2; ++i)
                g_kernel_half[i] = kernel[kKernelHalfFirst + i];
        }
        PageTableEntry* user = entries(space.root());
        for (unsigned i = 0; i < kEntriesPerTable / 2; ++i)
            user[kKernelHalfFirst + i] = g_kernel_half[i];
        g_registry.push_back(table.value());
    }
    return table.value();
}

void UserPageTable::destroy(UserPageTable* table) {
    // Kernel threads leave the last user table active, so any CPU may still translate with it.
    PhysAddr root = table->root();
    void* argument = reinterpret_cast<void*>(root);
    if (online_cpu_count() > 1) {
        ASSERT(arch::Interrupts::are_enabled());
        smp::call_on_all(leave_table, argument);
    } else {
        arch::Interrupts::State state = arch::Interrupts::disable();
        leave_table(argument);
        arch::Interrupts::restore(state);
    }
    if (arch::Mmu::kUserTableHoldsKernelHalf) {
        SpinLockGuard guard(g_registry_lock);
        g_registry.remove(table);
        // The kernel's tables are not this table's to free.
        PageTableEntry* user = entries(root);
        for (unsigned i = kKernelHalfFirst; i < kEntriesPerTable; ++i)
            user[i] = 0;
    }
    table->m_space.destroy();
    heap::destroy(table);
}

Result<void> UserPageTable::map(VirtAddr address, PhysAddr physical, uint64_t size,
                                PageFlags flags) {
    if (!validate_range(address, size))
        return Error::OutOfRange;
    flags.user = true;
    flags.global = false;
    return m_space.map(address, physical, size, flags);
}

Result<void> UserPageTable::unmap(VirtAddr address, uint64_t size) {
    if (!validate_range(address, size))
        return Error::OutOfRange;
    return m_space.unmap(address, size);
}

Result<void> UserPageTable::protect(VirtAddr address, uint64_t size, PageFlags flags) {
    if (!validate_range(address, size))
        return Error::OutOfRange;
    flags.user = true;
    flags.global = false;
    return m_space.protect(address, size, flags);
}

Optional<Translation> UserPageTable::query(VirtAddr address) {
    if (!validate_range(address, 1))
        return {};
    return m_space.query(address);
}

namespace user_page_table {

void sync_kernel_half() {
    if (arch::Mmu::kUserTableHoldsKernelHalf) {
        SpinLockGuard guard(g_registry_lock);
        if (g_registry.is_empty())
            return; // the next create() takes a fresh snapshot
        PageTableEntry* kernel = entries(kernel_address_space::root());
        for (unsigned i = 0; i < kEntriesPerTable / 2; ++i) {
            PageTableEntry entry = kernel[kKernelHalfFirst + i];
            if (entry == g_kernel_half[i])
                continue;
            g_kernel_half[i] = entry;
            for (UserPageTable* table = g_registry.front(); table; table = g_registry.next(table))
                entries(table->root())[kKernelHalfFirst + i] = entry;
        }
    }
}

uint64_t table_frames() { return g_tables.frames(); }

} // namespace user_page_table

} // namespace mica
