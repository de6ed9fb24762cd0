#pragma once
// What the device tree says about the PLIC: where its registers are, how many lines it has, and
// which of its contexts is each hart's S-mode external interrupt. Pure decoding (no hardware),
// so the tests check it against the DTB the kernel booted with.

#include <core/cpu_local.h>
#include <lib/fdt.h>
#include <lib/fixed_vector.h>
#include <lib/result.h>

namespace mica::arch {

struct PlicContext {
    uint64_t hart_id = 0;
    uint32_t context = 0; // index into the PLIC's per-context enable and threshold/claim blocks
};

struct PlicDescription {
    PhysAddr base = 0;
    uint64_t size = 0;
    uint32_t line_count = 0; // riscv,ndev: sources 1..line_count
    FixedVector<PlicContext, kMaxCpus> supervisor_contexts;

    Optional<uint32_t> context_of_hart(uint64_t hart_id) const {
        for (const PlicContext& entry : supervisor_contexts) {
            if (entry.hart_id == hart_id)
                return entry.context;
        }
        return {};
    }
};

// The first enabled "riscv,plic0" / "sifive,plic-1.0.0" node. Contexts come from
// interrupts-extended: the Nth specifier is context N, and one that names a hart's
// riscv,cpu-intc with cause 9 (supervisor external) is that hart's S-mode context. Firmware
// hides M-mode contexts (cause 11, or -1 after OpenSBI's fixup); they are skipped.
Result<PlicDescription> find_plic(const Fdt& fdt);

} // namespace mica::arch
