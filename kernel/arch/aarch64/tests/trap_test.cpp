// aarch64 traps on the real CPU beyond the generic ones: data and instruction aborts are decoded
// with their address, direction and level, and the kernel table enforces what it promises (the
// lower half is off, kernel text is read-only).

#include <arch/cpu.h>
#include <arch/mmu.h>
#include <core/expect_exception.h>
#include <core/ktest.h>
#include <core/layout.h>
#include <vm/device_map.h>

using namespace mica;

extern "C" char __text_start[];

KTEST(aarch64_trap, runs_at_el1) {
    uint64_t current_el;
    asm volatile("mrs %0, CurrentEL" : "=r"(current_el));
    KEXPECT_EQ(current_el >> 2, 1u);
}

KTEST(aarch64_trap, lower_half_is_unmapped_after_boot) {
    ExpectException expect(ExceptionKind::PageFault);
    *reinterpret_cast<volatile uint64_t*>(uintptr_t(0x1000)) = 1;
    KASSERT(expect.count() == 1u);
    KEXPECT(expect.last().access == AccessKind::Write);
    KEXPECT(expect.last().has_fault_address);
    KEXPECT_EQ(expect.last().fault_address, 0x1000u);
    KEXPECT_EQ(expect.last().detail & 0x3f, 0x04u); // translation fault, level 0 (no user table)
}

KTEST(aarch64_trap, guard_page_after_a_device_mapping_faults_on_read) {
    Result<void*> mapped = map_device(0x0900'0000, 0x1000);
    KASSERT(mapped.is_ok());
    auto guard = reinterpret_cast<uintptr_t>(mapped.value()) + 0x1000;
    ExpectException expect(ExceptionKind::PageFault);
    (void)*reinterpret_cast<volatile uint32_t*>(guard);
    KASSERT(expect.count() == 1u);
    KEXPECT(expect.last().access == AccessKind::Read);
    KEXPECT_EQ(expect.last().fault_address, guard);
    KEXPECT_EQ(expect.last().detail & 0x3f, 0x07u); // translation fault, level 3
}

KTEST(aarch64_trap, kernel_text_is_read_only) {
    ExpectException expect(ExceptionKind::PageFault);
    // Writes back what is there, so nothing changes even if the protection were missing.
    volatile uint32_t* text = reinterpret_cast<volatile uint32_t*>(__text_start);
    uint32_t value = *text;
    *text = value;
    KASSERT(expect.count() == 1u);
    KEXPECT(expect.last().access == AccessKind::Write);
    KEXPECT_EQ(expect.last().detail & 0x3c, 0x0cu); // permission fault, any level
}

KTEST(aarch64_trap, instruction_abort_reports_the_target_as_fault_address) {
    // Data pages are never executable: the fetch faults at the target itself (FAR = ELR).
    static uint32_t not_code[1] = {0xd65f03c0}; // RET, in .bss/.data
    ExpectException expect(ExceptionKind::PageFault);
    KEXPECT(!arch::Cpu::probe_execute(reinterpret_cast<uintptr_t>(not_code)));
    KASSERT(expect.count() == 1u);
    KEXPECT(expect.last().access == AccessKind::Execute);
    KEXPECT_EQ(expect.last().fault_address, reinterpret_cast<uintptr_t>(not_code));
    KEXPECT_EQ(expect.last().code >> 26, 0x21u);    // instruction abort, same EL
    KEXPECT_EQ(expect.last().detail & 0x3c, 0x0cu); // permission fault
}
