#pragma once
// The GIC (the arch contract's InterruptController): GICv2 or GICv3, whichever the device tree
// describes, chosen at boot (gic/). Device lines are GIC INTIDs: an SPI the DTB writes as
// <0 N flags> is line 32 + N.

#include <lib/result.h>
#include <lib/string_view.h>
#include <lib/types.h>

namespace mica {
struct BootInfo;
}

namespace mica::arch {

struct InterruptController {
    static constexpr StringView kName = "GIC";

    static Result<void> init(const BootInfo& info);
    // Wakes this CPU's redistributor (v3) / enables its CPU interface, and enables its private
    // lines: the IPI SGI and the timer PPI.
    static Result<void> init_this_cpu();
    static Result<void> enable_line(uint32_t line, uint32_t cpu);
    static void disable_line(uint32_t line);

    // 2 or 3 once init() succeeded, else 0.
    static uint32_t version();
};

} // namespace mica::arch
