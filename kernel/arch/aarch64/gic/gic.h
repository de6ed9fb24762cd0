#pragma once
// The GIC drivers behind arch::InterruptController (interrupt_controller.cpp). Both versions
// offer the same operations; the one the device tree describes is chosen once at boot.
//
// Interrupt ids (INTIDs) are the GIC's own: 0..15 SGIs (software, per CPU), 16..31 PPIs (per-CPU
// peripherals such as the timer), 32..1019 SPIs (shared device lines). A device "line" in the
// generic kernel is an SPI's INTID, i.e. the DTB's <0 N flags> is line 32 + N.

#include <arch/aarch64/gic/gic_dtb.h>
#include <lib/result.h>
#include <lib/types.h>

namespace mica {
struct CpuLocal;
}

namespace mica::arch::gic {

// Distributor registers at the same offsets in GICv2 and GICv3.
constexpr uint32_t kGicdCtlr = 0x0000;
constexpr uint32_t kGicdTyper = 0x0004;
constexpr uint32_t kGicdIsenabler = 0x0100;
constexpr uint32_t kGicdIcenabler = 0x0180;
constexpr uint32_t kGicdIspendr = 0x0200;
constexpr uint32_t kGicdIcpendr = 0x0280;
constexpr uint32_t kGicdIpriorityr = 0x0400;

constexpr uint32_t kFirstSpi = 32;
constexpr uint32_t kMaxIntid = 1020; // 1020..1023 are special (spurious and friends)
// The one SGI that carries every IPI; what it means is in CpuLocal::pending_ipis.
constexpr uint32_t kIpiSgi = 0;
// One priority for everything: interrupts never preempt each other (handlers run masked).
constexpr uint8_t kDefaultPriority = 0xa0;

// What the acknowledge register returned: `raw` goes back at end of interrupt unchanged (on a
// GICv2 it also names the CPU that sent an SGI, in bits 12:10), `intid` is the interrupt alone.
struct Acknowledged {
    uint32_t raw;
    uint32_t intid;
};

namespace v2 {
Result<void> init(const GicDescription& description);
Result<void> init_this_cpu(uint32_t cpu_index, uint32_t timer_intid);
Acknowledged acknowledge();
void end_of_interrupt(Acknowledged interrupt);
Result<void> enable_line(uint32_t line, uint32_t cpu_index);
void disable_line(uint32_t line);
void send_sgi(uint32_t sgi, const CpuLocal& target);
uint32_t line_count();
void set_pending(uint32_t line);
} // namespace v2

namespace v3 {
Result<void> init(const GicDescription& description);
Result<void> init_this_cpu(uint64_t affinity, uint32_t timer_intid);
Acknowledged acknowledge();
void end_of_interrupt(Acknowledged interrupt);
Result<void> enable_line(uint32_t line, uint64_t target_affinity);
void disable_line(uint32_t line);
void send_sgi(uint32_t sgi, uint64_t target_affinity);
uint32_t line_count();
void set_pending(uint32_t line);
} // namespace v3

// For tests: makes a shared line pending by software (GICD_ISPENDR), as if its device raised it.
void set_pending(uint32_t line);

} // namespace mica::arch::gic
