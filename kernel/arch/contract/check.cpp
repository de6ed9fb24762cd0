// Compiled into every kernel build: the backend on the include path must satisfy the contract.

#include <arch/contract/contract.h>
#include <arch/cpu.h>
#include <arch/cpu_local.h>
#include <arch/fpu.h>
#include <arch/interrupt_controller.h>
#include <arch/interrupts.h>
#include <arch/mmu.h>
#include <arch/page_table.h>
#include <arch/platform.h>
#include <arch/power.h>
#include <arch/smp.h>
#include <arch/thread_context.h>
#include <arch/timer.h>
#include <arch/trap_frame.h>
#include <arch/user_access.h>
#include <arch/user_mode.h>

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
static_assert(Interrupts<arch::Interrupts>, "arch::Interrupts does not meet the contract");
static_assert(CpuLocalAccess<arch::CpuLocalAccess>,
              "arch::CpuLocalAccess does not meet the contract");
static_assert(Clock<arch::Clock>, "arch::Clock does not meet the contract");
static_assert(Timer<arch::Timer>, "arch::Timer does not meet the contract");
static_assert(InterruptController<arch::InterruptController>,
              "arch::InterruptController does not meet the contract");
static_assert(Smp<arch::Smp>, "arch::Smp does not meet the contract");
static_assert(ThreadContext<arch::ThreadContext>, "arch::ThreadContext does not meet the contract");
static_assert(UserMode<arch::UserMode, arch::TrapFrame>,
              "arch::UserMode does not meet the contract");
static_assert(UserAccess<arch::UserAccess>, "arch::UserAccess does not meet the contract");
static_assert(FpuState<arch::FpuState>, "arch::FpuState does not meet the contract");

} // namespace mica::arch::contract
