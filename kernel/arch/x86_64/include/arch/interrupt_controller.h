#pragma once
// The x86 interrupt controllers: each CPU's local APIC (timer, IPIs, end of interrupt; x2APIC or
// xAPIC, apic/local_apic.h) and the I/O APICs the ACPI MADT lists, which route device lines.
// The 8259 PICs are remapped and masked.
//
// A line is an ISA IRQ below 16 (translated through the MADT's interrupt source overrides, so
// line 0, the PIT, may be GSI 2; edge and active high unless an override says otherwise) and a
// global system interrupt from 16 up (PCI: level, active low). Line n arrives on vector
// 0x30 + n (apic/vectors.h), so lines stop at 191.

#include <lib/result.h>
#include <lib/string_view.h>
#include <lib/types.h>

namespace mica {
struct BootInfo;
}

namespace mica::arch {

struct InterruptController {
    static constexpr StringView kName = "APIC";

    static Result<void> init(const BootInfo& info);
    static Result<void> init_this_cpu();
    static Result<void> enable_line(uint32_t line, uint32_t cpu);
    static void disable_line(uint32_t line);
};

} // namespace mica::arch
