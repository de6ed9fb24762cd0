#pragma once
// The arch contract: what every backend in kernel/arch/<isa>/ must provide, written as C++20
// concepts. kernel/arch/contract/check.cpp asserts them against the backend being built, so a
// backend that misses a piece fails to compile instead of failing at run time.
//
// Each backend provides, in namespace mica::arch, through <arch/*.h> headers:
//   - struct TrapFrame             (<arch/trap_frame.h>)  registers saved on exception entry
//   - struct Cpu                   (<arch/cpu.h>)         CPU control and deliberate traps
//   - struct Power                 (<arch/power.h>)       leaving the machine
//   - struct EarlyMmu              (<arch/mmu.h>)         the boot-time view of physical memory
//   - struct Mmu                   (<arch/mmu.h>)         switching tables, TLB maintenance
//   - PageTableFormat              (<arch/page_table.h>)  entry encoding (kernel/vm)
//   - struct Interrupts            (<arch/interrupts.h>)  masking interrupts on this CPU
//   - struct CpuLocalAccess        (<arch/cpu_local.h>)   this CPU's CpuLocal in O(1)
//   - struct Clock, struct Timer   (<arch/timer.h>)       monotonic ns clock, per-CPU deadline
//   - struct InterruptController   (<arch/interrupt_controller.h>)  APIC / GIC / PLIC
//   - struct Smp                   (<arch/smp.h>)         starting CPUs, sending IPIs
//   - struct ThreadContext         (<arch/thread_context.h>)  kernel thread switch
//   - struct Platform              (<arch/platform.h>)    what only the ISA knows how to find
//   - struct UserMode              (<arch/user_mode.h>)   entering user mode, syscall registers
//   - struct UserAccess            (<arch/user_access.h>) checked copies to and from user memory
//   - struct FpuState              (<arch/fpu.h>)         a user thread's FP/SIMD registers
// and calls mica::kernel_main(BootInfo&) from its entry path, mica::handle_exception() from its
// trap path, mica::handle_syscall() for the syscall instruction from user mode, and
// mica::before_user_return() on every path back to user mode (kernel/core/user_entry.h).

#include <core/exception.h>
#include <lib/result.h>
#include <lib/span.h>
#include <lib/string_view.h>
#include <lib/types.h>
#include <vm/device_map.h>

namespace mica {
class Uart;
struct BootInfo;
struct CpuLocal;
} // namespace mica

namespace mica::arch::contract {

template <typename T>
concept TrapFrame = requires(T& frame, const T& const_frame, uintptr_t address) {
    { const_frame.instruction_pointer() } -> SameAs<uintptr_t>;
    { const_frame.stack_pointer() } -> SameAs<uintptr_t>;
    { const_frame.frame_pointer() } -> SameAs<uintptr_t>;
    { frame.set_instruction_pointer(address) } -> SameAs<void>;
    // Whether the trap came from user mode.
    { const_frame.from_user() } -> SameAs<bool>;
    // Traps from user mode save the frame at the very top of the thread's kernel stack
    // (sched::user_frame()), so its size keeps the stack 16-byte aligned below it.
    requires sizeof(T) % 16 == 0;
};

template <typename T, typename Frame>
concept Cpu = requires(Frame& frame, const Frame& const_frame) {
    { T::kName } -> ConvertibleTo<StringView>;
    // Where the {previous frame pointer, return address} pair sits relative to a frame pointer.
    { T::kFrameRecordOffset } -> ConvertibleTo<intptr_t>;
    { T::current_frame_pointer() } -> SameAs<uintptr_t>;
    { T::halt_forever() } -> SameAs<void>;
    { T::wait_for_interrupt() } -> SameAs<void>;
    // Execute the ISA's breakpoint / an undefined instruction (tests of the trap path).
    { T::breakpoint() } -> SameAs<void>;
    { T::illegal_instruction() } -> SameAs<void>;
    // Resume after the instruction that trapped (its length is only known to the ISA).
    { T::skip_faulting_instruction(frame) } -> SameAs<void>;
    // Print the saved registers and any ISA-specific decoding of the trap.
    { T::dump_registers(const_frame) } -> SameAs<void>;
    // A hint inside spin loops (pause / yield / nop).
    { T::relax() } -> SameAs<void>;
};

// Memory accesses that may fault on purpose, for tests of page protections. Each returns false
// when the access faulted; the fault still reaches ExpectException with its decoding. Built on
// exception fixups (kernel/core/exception_fixup.h).
template <typename T>
concept MemoryProbes =
    requires(volatile uint64_t* address, uint64_t value, uint64_t& out, uintptr_t code) {
        { T::probe_read(address, out) } -> SameAs<bool>;
        { T::probe_write(address, value) } -> SameAs<bool>;
        // Calls a function at `code` that returns at once (a lone return instruction).
        { T::probe_execute(code) } -> SameAs<bool>;
        // The bytes of that lone return instruction, and what must follow writing code before it
        // may run (instruction cache and pipeline maintenance where the ISA needs it).
        { T::return_instruction() } -> SameAs<Span<const uint8_t>>;
        { T::sync_instruction_cache(code, uint64_t{}) } -> SameAs<void>;
    };

template <typename T>
concept Power = requires(bool success) {
    // Ends the machine: powers off QEMU with an exit status that tells the test runner whether
    // the run passed. Never returns.
    { T::shutdown(success) } -> SameAs<void>;
    // Resets the machine (the firmware boots again). Never returns: a backend whose every way
    // fails halts after saying so.
    { T::reboot() } -> SameAs<void>;
};

template <typename T>
concept EarlyMmu = requires(PhysAddr phys, uint64_t size, const void* virt) {
    // The kernel's window onto physical RAM and boot blobs.
    { T::phys_to_virt(phys) } -> SameAs<void*>;
    { T::virt_to_phys(virt) } -> SameAs<PhysAddr>;
    // Maps device registers uncached and returns where they are visible.
    { T::map_device(phys, size) } -> SameAs<Result<void*>>;
    // What map_device() mapped so far, so the kernel's own tables can keep it at the same place.
    { T::device_mappings() } -> SameAs<Span<const DeviceMapping>>;
};

template <typename T>
concept Mmu = requires(PhysAddr root, VirtAddr address, uint64_t size) {
    // Makes `root` (built by kernel/vm/kernel_address_space) this CPU's kernel page table,
    // leaving the early tables behind.
    { T::activate_kernel_table(root) } -> SameAs<void>;
    // Drops this CPU's cached translations for [address, address + size); may drop more.
    { T::invalidate_tlb(address, size) } -> SameAs<void>;
    // Makes entries that just became valid for [address, address + size) visible to the table
    // walker (a barrier, or an invalidation where the ISA caches invalid entries).
    { T::publish_mappings(address, size) } -> SameAs<void>;
    // Makes `root` (a user page table, kernel/vm/user_address_space.h) translate the low half on
    // this CPU, or none with 0 (kernel threads), dropping the previous low-half translations.
    { T::activate_user_table(root) } -> SameAs<void>;
    // True where one root table holds both halves (x86_64, riscv64): every user root then
    // carries the kernel root's upper-half entries, which generic code keeps in step. False on
    // aarch64, where TTBR0 and TTBR1 hold the halves apart.
    { T::kUserTableHoldsKernelHalf } -> ConvertibleTo<bool>;
};

template <typename T>
concept Platform = requires {
    // A console the ISA always has even without firmware tables (COM1 on x86), else nullptr.
    { T::legacy_console() } -> SameAs<Uart*>;
};

template <typename T>
concept Interrupts = requires(typename T::State state) {
    // Masks interrupts on this CPU and returns the previous state for restore().
    { T::disable() } -> SameAs<typename T::State>;
    { T::restore(state) } -> SameAs<void>;
    { T::enable() } -> SameAs<void>;
    { T::are_enabled() } -> SameAs<bool>;
    // Called with interrupts masked: waits until an interrupt is pending, lets it be handled,
    // and returns with interrupts masked again. No wakeup can be lost between the caller's
    // "nothing to do" check and the wait (sti; hlt / wfi then unmask / wfi then sstatus.SIE).
    { T::wait_for_interrupt() } -> SameAs<void>;
};

template <typename T>
concept CpuLocalAccess = requires(CpuLocal* cpu) {
    { T::install(cpu) } -> SameAs<void>; // this CPU's pointer, before any current() on it
    { T::current() } -> SameAs<CpuLocal*>;
};

template <typename T>
concept Clock = requires(const BootInfo& info) {
    // Boot CPU, once: find the frequency (CPUID/calibration, CNTFRQ_EL0, timebase-frequency).
    { T::init(info) } -> SameAs<Result<void>>;
    // Monotonic nanoseconds since an arbitrary point, the same on every CPU.
    { T::now_ns() } -> SameAs<uint64_t>;
};

template <typename T>
concept Timer = requires(uint64_t deadline) {
    // Each CPU once, interrupts masked: its timer, not armed yet.
    { T::init_this_cpu() } -> SameAs<Result<void>>;
    // One interrupt (mica::handle_timer_interrupt) on this CPU once Clock::now_ns() >= deadline;
    // replaces any earlier deadline. A deadline in the past fires at once.
    { T::set_deadline(deadline) } -> SameAs<void>;
    { T::cancel() } -> SameAs<void>;
};

template <typename T>
concept InterruptController = requires(const BootInfo& info, uint32_t line, uint32_t cpu) {
    { T::kName } -> ConvertibleTo<StringView>;
    // Boot CPU, once: the distributor / IOAPICs / PLIC, from the DTB or ACPI.
    { T::init(info) } -> SameAs<Result<void>>;
    // Each CPU once: its own interface (LAPIC, GIC CPU interface or redistributor, PLIC context).
    { T::init_this_cpu() } -> SameAs<Result<void>>;
    // Routes a device line to CPU index `cpu` and unmasks it; interrupts arrive as
    // mica::handle_device_interrupt(line).
    { T::enable_line(line, cpu) } -> SameAs<Result<void>>;
    { T::disable_line(line) } -> SameAs<void>;
};

template <typename T>
concept Smp = requires(CpuLocal& cpu, const CpuLocal& target, uintptr_t stack_top) {
    // Starts the CPU described by cpu.hardware_id on `stack_top`. It installs its traps and
    // activates the kernel page table, then calls mica::secondary_main(cpu).
    { T::start_cpu(cpu, stack_top) } -> SameAs<Result<void>>;
    // One IPI to `target`: mica::handle_ipi() runs there.
    { T::send_ipi(target) } -> SameAs<void>;
};

template <typename T>
concept ThreadContext =
    requires(T& from, T& to, uintptr_t stack_top, void (*entry)(void*), void* argument) {
        // Saves the callee-saved state of the running thread in `from` and resumes `to`. Kernel
        // threads never touch FP/SIMD (the kernel is built without it), so none is saved here.
        { T::switch_to(from, to) } -> SameAs<void>;
        // Makes `to` start by calling entry(argument) on the stack ending at stack_top, interrupts
        // masked; entry never returns.
        { T::prepare(to, stack_top, entry, argument) } -> SameAs<void>;
    };

// Running user code. A user thread is a kernel thread whose stack top holds its user TrapFrame:
// user_mode::enter() leaves through it, and every trap from user mode (syscall, exception,
// interrupt) saves the frame at exactly that place again.
template <typename T, typename Frame>
concept UserMode = requires(Frame& frame, const Frame& const_frame, uintptr_t address,
                            uint64_t value, unsigned index, const uint64_t (&results)[5]) {
    // Fills a fresh frame: user mode at `address` with the stack pointer at `value`, interrupts
    // enabled, every other register zero except the first argument register (set below).
    { T::init_frame(frame, address, address) } -> SameAs<void>;
    { T::set_argument(frame, index, value) } -> SameAs<void>;
    // Leaves the kernel through `frame` (which is sched::user_frame() of the current thread),
    // interrupts masked. Never returns.
    { T::enter(frame) } -> SameAs<void>;
    // On every switch to a thread, interrupts masked: where its traps from user mode must land
    // (TSS.rsp0 and the syscall stack on x86_64; enter() sets it on the others).
    { T::set_kernel_stack(address) } -> SameAs<void>;
    // e_machine of user programs, for the ELF loader.
    { T::kElfMachine } -> ConvertibleTo<uint16_t>;
    // The registers of the syscall convention in abi/mica.abi (the `isa` lines).
    { T::syscall_number(const_frame) } -> SameAs<uint64_t>;
    { T::syscall_argument(const_frame, index) } -> SameAs<uint64_t>;
    { T::set_syscall_results(frame, value, results) } -> SameAs<void>;
};

// Copies between kernel and user memory. User access is opened only for the copy itself (x86
// SMAP stac/clac, aarch64 PAN, riscv sstatus.SUM), so a stray kernel access to user memory
// faults; a fault inside the copy ends it through an exception fixup. The caller has checked
// that the user range lies within [kUserSpaceBase, kUserSpaceEnd) (kernel/core/layout.h).
template <typename T>
concept UserAccess = requires(void* to, const void* from, uintptr_t user, size_t size) {
    // True when every byte was copied; false when a fault stopped the copy.
    { T::copy_from_user(to, user, size) } -> SameAs<bool>;
    { T::copy_to_user(user, from, size) } -> SameAs<bool>;
    // Whether the CPU enforces the separation (SMAP / PAN; always on riscv64), for the banner
    // and the tests that check it.
    { T::enforced() } -> SameAs<bool>;
};

// A user thread's FP/SIMD registers. The kernel is built without FP/SIMD, so user state
// survives traps untouched and is swapped only when the scheduler switches user threads.
template <typename T>
concept FpuState = requires(T& state, const T& const_state) {
    // Each CPU once, before any user thread runs there: lets user mode use FP/SIMD.
    { T::init_this_cpu() } -> SameAs<void>;
    // A new thread's state: all registers zero, default rounding and exception masks.
    { state.reset() } -> SameAs<void>;
    { state.save() } -> SameAs<void>;          // this CPU's registers into the state
    { const_state.restore() } -> SameAs<void>; // and back
};

} // namespace mica::arch::contract
