#pragma once
// Per-process I/O port permissions on x86_64. A process that was granted ports (io_port_access)
// gets its own I/O permission bitmap; the bitmap is copied into the TSS of whichever CPU switches
// to the process's address space (Mmu::activate_user_table calls address_space_activated), so
// `in`/`out` in ring 3 work exactly on the granted ports and raise #GP on every other one. A
// process that never asked keeps the TSS without a bitmap: every port faults (IOPL stays 0).
//
// The bitmaps live in a small fixed table keyed by the process's page-table root. Each entry holds
// a reference to its process, which keeps the root (and so the key) from being freed and reused
// while the entry exists; entries of processes that ended are dropped at the next grant.

#include <lib/result.h>
#include <lib/types.h>

namespace mica {
class Process;
}

namespace mica::arch::io_permission {

// Allows (or forbids again) ports [base, base + count) to `process`, and brings every CPU
// currently running its address space up to date before returning. Error::Full (no_resources) when
// the table of processes with ports is full, Error::NoMemory if a bitmap cannot be allocated.
Result<void> set_ports(Process& process, uint32_t base, uint32_t count, bool allow);

// From Mmu::activate_user_table: loads `root`'s bitmap into this CPU's TSS, or none. Interrupts
// are masked (scheduler switch or an IPI).
void address_space_activated(PhysAddr root);

} // namespace mica::arch::io_permission
