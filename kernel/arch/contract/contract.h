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
//   - struct Platform              (<arch/platform.h>)    what only the ISA knows how to find
// and calls mica::kernel_main(BootInfo&) from its entry path, mica::handle_exception() from its
// trap path.

#include <core/exception.h>
#include <lib/result.h>
#include <lib/span.h>
#include <lib/string_view.h>
#include <lib/types.h>
#include <vm/device_map.h>

namespace mica {
class Uart;
}

namespace mica::arch::contract {

template <typename T>
concept TrapFrame = requires(T& frame, const T& const_frame, uintptr_t address) {
    { const_frame.instruction_pointer() } -> SameAs<uintptr_t>;
    { const_frame.stack_pointer() } -> SameAs<uintptr_t>;
    { const_frame.frame_pointer() } -> SameAs<uintptr_t>;
    { frame.set_instruction_pointer(address) } -> SameAs<void>;
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
};

template <typename T>
concept Platform = requires {
    // A console the ISA always has even without firmware tables (COM1 on x86), else nullptr.
    { T::legacy_console() } -> SameAs<Uart*>;
};

} // namespace mica::arch::contract
