// The riscv64 trap path on the real CPU: both instruction lengths resume at the right place,
// and page faults report the address and the kind of access.

#include "../trap_decode.h"

#include <arch/cpu.h>
#include <arch/csr.h>
#include <arch/mmu.h>
#include <core/expect_exception.h>
#include <core/ktest.h>

using namespace mica;
using namespace mica::arch;

extern "C" char riscv64_trap_entry[];

namespace {
// 2 GiB into the device window: the kernel table maps only the first few pages there.
constexpr VirtAddr kUnmapped = kDeviceMapBase + (2ull << 30) + 0x123;
} // namespace

KTEST(riscv64_trap, vector_is_installed_in_direct_mode) {
    KEXPECT_EQ(read_stvec(), reinterpret_cast<uint64_t>(riscv64_trap_entry));
}

KTEST(riscv64_trap, four_byte_ebreak_resumes_after_it) {
    uint64_t after = 0;
    ExpectException expect(ExceptionKind::Breakpoint);
    // If the skip were 2 bytes, the ebreak's upper half would execute as an instruction of its
    // own and `li` would be reached through garbage, if at all.
    asm volatile(".option push\n .option norvc\n ebreak\n .option pop\n li %0, 1"
                 : "=r"(after)::"memory");
    KEXPECT_EQ(expect.count(), 1u);
    KEXPECT_EQ(after, 1u);
    KEXPECT_EQ(*reinterpret_cast<const uint32_t*>(expect.last_instruction_pointer()), 0x00100073u);
}

KTEST(riscv64_trap, two_byte_ebreak_resumes_after_it) {
    uint64_t after = 0;
    ExpectException expect(ExceptionKind::Breakpoint);
    asm volatile("c.ebreak\n li %0, 1" : "=r"(after)::"memory");
    KEXPECT_EQ(expect.count(), 1u);
    KEXPECT_EQ(after, 1u);
    KEXPECT_EQ(*reinterpret_cast<const uint16_t*>(expect.last_instruction_pointer()), 0x9002u);
}

KTEST(riscv64_trap, four_byte_illegal_instruction_resumes_after_it) {
    uint64_t after = 0;
    ExpectException expect(ExceptionKind::IllegalInstruction);
    // cycle is a read-only CSR: writing it is illegal in every mode.
    asm volatile(".option push\n .option norvc\n csrw cycle, zero\n .option pop\n li %0, 1"
                 : "=r"(after)::"memory");
    KEXPECT_EQ(expect.count(), 1u);
    KEXPECT_EQ(after, 1u);
    // stval may hold the instruction bits or 0; QEMU gives the bits.
    uint64_t detail = expect.last().detail;
    KEXPECT(detail == 0 || detail == 0xc0001073u);
}

KTEST(riscv64_trap, load_page_fault_reports_address) {
    uint64_t value = 42;
    ExpectException expect(ExceptionKind::PageFault);
    asm volatile("ld %0, 0(%1)" : "+r"(value) : "r"(kUnmapped) : "memory");
    KASSERT(expect.count() == 1u);
    KEXPECT_EQ(value, 42u); // the load never completed
    KEXPECT(expect.last().has_fault_address);
    KEXPECT_EQ(expect.last().fault_address, kUnmapped);
    KEXPECT(expect.last().access == AccessKind::Read);
    KEXPECT_EQ(expect.last().code, uint64_t(ExceptionCode::LoadPageFault));
}

KTEST(riscv64_trap, store_page_fault_reports_address) {
    ExpectException expect(ExceptionKind::PageFault);
    asm volatile("sd zero, 0(%0)" ::"r"(kUnmapped) : "memory");
    KASSERT(expect.count() == 1u);
    KEXPECT_EQ(expect.last().fault_address, kUnmapped);
    KEXPECT(expect.last().access == AccessKind::Write);
    KEXPECT_EQ(expect.last().code, uint64_t(ExceptionCode::StorePageFault));
}

KTEST(riscv64_trap, identity_map_is_gone_after_boot) {
    // The load address was mapped 1:1 only for the switch to the higher half.
    VirtAddr identity = EarlyMmu::kernel_phys_base();
    uint64_t value = 7;
    ExpectException expect(ExceptionKind::PageFault);
    asm volatile("ld %0, 0(%1)" : "+r"(value) : "r"(identity) : "memory");
    KEXPECT_EQ(expect.count(), 1u);
    KEXPECT_EQ(value, 7u);
}
