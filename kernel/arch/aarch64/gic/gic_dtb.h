#pragma once
// Where the GIC is and which architecture version it follows, from the device tree's interrupt
// controller node. Pure decoding (no hardware touched), so the same code serves every board.

#include <lib/fdt.h>
#include <lib/fixed_vector.h>
#include <lib/result.h>

namespace mica::arch::gic {

struct GicDescription {
    static constexpr size_t kMaxRedistributorRegions = 8;

    uint32_t version = 0; // 2 or 3 (a GICv4 is driven as a GICv3)
    FdtReg distributor;
    FdtReg cpu_interface;                                         // GICv2 only
    FixedVector<FdtReg, kMaxRedistributorRegions> redistributors; // GICv3 only
    uint64_t redistributor_stride = 0; // 0: from GICR_TYPER (64 or 128 KiB per CPU)
};

// GICv3 ("arm,gic-v3") or GICv2 ("arm,gic-400", "arm,cortex-a15-gic", "arm,cortex-a9-gic").
// NotFound without an enabled one; Malformed if its reg is missing pieces.
Result<GicDescription> describe_gic(const Fdt& fdt);

} // namespace mica::arch::gic
