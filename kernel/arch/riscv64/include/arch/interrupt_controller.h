#pragma once
// The riscv64 interrupt controller: the PLIC for device lines (RISC-V PLIC specification; DTB
// compatible "riscv,plic0" / "sifive,plic-1.0.0"), one S-mode context per hart found through the
// PLIC's interrupts-extended. Timer and software (IPI) interrupts do not pass through it: they
// are sip.STIP (Timer) and sip.SSIP (Smp, SBI IPI extension).

#include <lib/result.h>
#include <lib/string_view.h>
#include <lib/types.h>

namespace mica {
struct BootInfo;
}

namespace mica::arch {

struct InterruptController {
    static constexpr StringView kName = "plic";

    // Maps the PLIC, learns each hart's S-mode context, masks every line in every such context.
    static Result<void> init(const BootInfo& info);
    // Threshold 0 for this hart's context and sie.SEIE | sie.SSIE: from now on, only
    // sstatus.SIE stands between this hart and device interrupts and IPIs.
    static Result<void> init_this_cpu();
    // Priority 1 and enabled in exactly one context: the S-mode context of CPU index `cpu`.
    static Result<void> enable_line(uint32_t line, uint32_t cpu);
    static void disable_line(uint32_t line);

    // The trap path on a supervisor external interrupt: claim (0: nothing, someone else took it)
    // and complete, on this hart's context.
    static uint32_t claim();
    static void complete(uint32_t line);

    // Lines are 1..line_count(); 0 before init().
    static uint32_t line_count();
};

} // namespace mica::arch
