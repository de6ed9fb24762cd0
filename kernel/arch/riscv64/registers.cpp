// Cpu::dump_registers: the saved integer registers by ABI name, then the trap CSRs decoded.

#include "trap_decode.h"

#include <arch/cpu.h>
#include <arch/csr.h>
#include <core/console.h>
#include <core/symbols.h>

namespace mica::arch {

namespace {

// clang-format off
constexpr const char* kRegisterNames[32] = {
    "zero", "ra", "sp", "gp", "tp", "t0", "t1", "t2", "s0", "s1", "a0", "a1", "a2", "a3", "a4",
    "a5", "a6", "a7", "s2", "s3", "s4", "s5", "s6", "s7", "s8", "s9", "s10", "s11", "t3", "t4",
    "t5", "t6",
};
// clang-format on

const char* privilege_name(const Sstatus& status) { return status.spp ? "S" : "U"; }

const char* fs_name(uint64_t fs) {
    constexpr const char* kNames[] = {"off", "initial", "clean", "dirty"};
    return kNames[fs & 3];
}

} // namespace

void Cpu::dump_registers(const TrapFrame& frame) {
    println("registers:");
    // Three per line after x0, which is always zero and not worth a column.
    for (unsigned i = 1; i < 32; i += 3) {
        print(" ");
        for (unsigned j = i; j < i + 3 && j < 32; ++j)
            print(" {:>4} {:#018x}", kRegisterNames[j], frame.x[j]);
        println("");
    }
    Sstatus status = from_raw<Sstatus>(frame.sstatus);
    println("  sepc    {}", SymbolizedAddress{frame.sepc});
    println("  sstatus {:#018x} (from {}-mode, SPIE={}, SUM={}, FS={})", frame.sstatus,
            privilege_name(status), unsigned(status.spie), unsigned(status.sum),
            fs_name(status.fs));
    println("  scause  {:#018x} ({})", frame.scause, cause_name(frame.scause));
    println("  stval   {:#018x}", frame.stval);
    println("  satp    {:#018x} (now)", read_satp());
}

} // namespace mica::arch
