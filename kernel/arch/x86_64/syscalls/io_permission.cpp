#include "io_permission.h"

#include <arch/cpu_local.h>
#include <arch/x86_64/traps/descriptors.h>
#include <core/cpu_local.h>
#include <core/smp.h>
#include <core/spinlock.h>
#include <lib/atomic.h>
#include <object/process.h>
#include <vm/heap_global.h>

namespace mica::arch::io_permission {

namespace {

// Drivers that touch legacy ports are few (console, keyboard, CMOS): a table this size is plenty,
// and a full one is reported (no_resources), never overwritten.
constexpr size_t kMaxProcesses = 8;

struct IoBitmap {
    uint8_t bytes[kIoBitmapBytes];
};

// Trivially destructible, so the table needs no static destructor: `process` holds a reference
// taken with RefPtr::leak() and given back with RefPtr::adopt() when the entry is dropped.
struct PortGrant {
    Process* process = nullptr; // keeps `root` allocated, so no later process can take the key
    PhysAddr root = 0;
    IoBitmap* bitmap = nullptr;
    uint16_t used = 0; // leading bytes that may differ from 0xff: all a CPU needs to copy
};

// A leaf lock: taken under a run-queue lock (the scheduler's switch calls
// address_space_activated) and in IPI handlers; nothing else is taken while it is held, and
// set_ports drops it before its IPIs.
constinit SpinLock g_lock;
PortGrant g_grants[kMaxProcesses] GUARDED_BY(g_lock);
// Set by the first grant: until then no CPU has a bitmap and a switch costs one load.
Atomic<bool> g_any_grant{false};

CpuDescriptors& this_cpu_descriptors() {
    return *reinterpret_cast<CpuDescriptors*>(
        CpuLocalAccess::current()->arch_scratch[CpuLocalAccess::kDescriptors]);
}

PortGrant* find_locked(PhysAddr root) REQUIRES(g_lock) {
    if (root == 0)
        return nullptr;
    for (PortGrant& grant : g_grants) {
        if (grant.process && grant.root == root)
            return &grant;
    }
    return nullptr;
}

void load(CpuDescriptors& cpu, const PortGrant* grant) {
    if (!grant) {
        cpu.tss.io_map_base = kIoMapNone;
        return;
    }
    for (size_t i = 0; i < grant->used; ++i)
        cpu.io_bitmap[i] = grant->bitmap->bytes[i];
    // Bytes the previous process's bitmap used beyond this one's go back to "denied".
    for (size_t i = grant->used; i < cpu.io_bitmap_used; ++i)
        cpu.io_bitmap[i] = 0xff;
    cpu.io_bitmap_used = grant->used;
    cpu.tss.io_map_base = sizeof(TaskStateSegment);
}

void refresh_if_running(void* argument) {
    PhysAddr root = *static_cast<PhysAddr*>(argument);
    if (this_cpu().active_user_table == root)
        address_space_activated(root);
}

} // namespace

Result<void> set_ports(Process& process, uint32_t base, uint32_t count, bool allow) {
    PhysAddr root = process.address_space().page_table_root();
    // Allocated before taking the lock, in case this process has no bitmap yet.
    IoBitmap* spare = nullptr;
    if (allow) {
        spare = TRY(heap::make<IoBitmap>());
        for (uint8_t& byte : spare->bytes)
            byte = 0xff;
    }
    // Entries of ended processes, released after the lock (dropping a process may free a lot).
    RefPtr<Process> dropped_processes[kMaxProcesses];
    IoBitmap* dropped_bitmaps[kMaxProcesses] = {};
    size_t dropped_count = 0;
    Result<void> result;
    {
        SpinLockGuard guard(g_lock);
        for (PortGrant& grant : g_grants) {
            if (grant.process && grant.process->has_ended()) {
                dropped_processes[dropped_count] = RefPtr<Process>::adopt(grant.process);
                dropped_bitmaps[dropped_count++] = grant.bitmap;
                grant = PortGrant{};
            }
        }
        PortGrant* grant = find_locked(root);
        if (!grant && allow) {
            for (PortGrant& free : g_grants) {
                if (!free.process) {
                    free = PortGrant{RefPtr<Process>(&process).leak(), root, spare, 0};
                    spare = nullptr;
                    grant = &free;
                    break;
                }
            }
            if (!grant)
                result = Error::Full;
        }
        // Forbidding ports a process never had is already true: nothing to record.
        if (grant) {
            for (uint32_t port = base; port < base + count; ++port) {
                uint8_t bit = uint8_t(1u << (port % 8));
                if (allow)
                    grant->bitmap->bytes[port / 8] &= uint8_t(~bit);
                else
                    grant->bitmap->bytes[port / 8] |= bit;
            }
            uint32_t end_byte = (base + count - 1) / 8 + 1;
            if (allow && end_byte > grant->used)
                grant->used = uint16_t(end_byte);
            g_any_grant.store(true, MemoryOrder::Release);
        }
    }
    for (size_t i = 0; i < dropped_count; ++i) {
        heap::destroy(dropped_bitmaps[i]);
        dropped_processes[i].reset();
    }
    if (spare)
        heap::destroy(spare);
    if (result.is_error())
        return result;
    // Other threads of the process may be running now: their next `in` must already see this.
    smp::call_on_all(refresh_if_running, &root);
    return {};
}

void address_space_activated(PhysAddr root) {
    if (!g_any_grant.load(MemoryOrder::Acquire))
        return;
    SpinLockGuard guard(g_lock); // masks interrupts first: this CPU stays this CPU
    load(this_cpu_descriptors(), find_locked(root));
}

} // namespace mica::arch::io_permission
