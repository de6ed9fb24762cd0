// Compiled into every kernel build: the backend on the include path must satisfy the contract.

#include <arch/contract/contract.h>
#include <arch/cpu.h>
#include <arch/mmu.h>
#include <arch/page_table.h>
#include <arch/platform.h>
#include <arch/power.h>
#include <arch/trap_frame.h>

namespace mica::arch::contract {

static_assert(TrapFrame<arch::TrapFrame>, "arch::TrapFrame does not meet the contract");
static_assert(Cpu<arch::Cpu, arch::TrapFrame>, "arch::Cpu does not meet the contract");
static_assert(MemoryProbes<arch::Cpu>, "arch::Cpu lacks the memory probes of the contract");
static_assert(Power<arch::Power>, "arch::Power does not meet the contract");
static_assert(EarlyMmu<arch::EarlyMmu>, "arch::EarlyMmu does not meet the contract");
static_assert(Mmu<arch::Mmu>, "arch::Mmu does not meet the contract");
static_assert(Platform<arch::Platform>, "arch::Platform does not meet the contract");
static_assert(mica::PageTableFormat<arch::PageTableFormat>,
              "arch::PageTableFormat does not meet the contract (kernel/vm/page_table_format.h)");

} // namespace mica::arch::contract
