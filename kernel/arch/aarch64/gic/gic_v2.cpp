// GICv2 (Arm IHI 0048B): a memory-mapped distributor and a memory-mapped CPU interface, banked
// per CPU at one address. Without the Security Extensions (QEMU virt) or from the non-secure
// side, everything is signalled as IRQ.

#include <arch/aarch64/gic/gic.h>
#include <arch/aarch64/gic/mmio.h>
#include <core/cpu_local.h>
#include <vm/device_map.h>

namespace mica::arch::gic::v2 {

namespace {

// Distributor registers beyond the ones both versions share (gic.h).
constexpr uint32_t kGicdItargetsr = 0x800;
constexpr uint32_t kGicdSgir = 0xf00;
constexpr uint32_t kGicdCtlrEnable = 1u << 0;

// CPU interface registers.
constexpr uint32_t kGiccCtlr = 0x00;
constexpr uint32_t kGiccPmr = 0x04;
constexpr uint32_t kGiccBpr = 0x08;
constexpr uint32_t kGiccIar = 0x0c;
constexpr uint32_t kGiccEoir = 0x10;
constexpr uint32_t kGiccCtlrEnable = 1u << 0;
constexpr uint32_t kCpuInterfaceSize = 0x2000; // through GICC_DIR at 0x1000

// GICD_SGIR: TargetListFilter 0 (the list), CPUTargetList in bits 23:16.
struct Sgir {
    uint8_t target_list;
    uint8_t sgi;
    uint32_t value() const { return uint32_t(target_list) << 16 | (sgi & 0xf); }
};

constinit Mmio g_distributor;
constinit Mmio g_cpu_interface;
constinit uint32_t g_line_count = 0;
// Each CPU's bit in GICD_ITARGETSR / GICD_SGIR (its CPU interface number, which need not match
// MPIDR), learned by the CPU itself in init_this_cpu().
constinit uint8_t g_target_mask[kMaxCpus] = {};

void set_priority(uint32_t intid, uint8_t priority) {
    g_distributor.write8(kGicdIpriorityr + intid, priority);
}

} // namespace

Result<void> init(const GicDescription& description) {
    g_distributor = Mmio(TRY(map_device(description.distributor.address, 0x1000)));
    g_cpu_interface = Mmio(TRY(map_device(description.cpu_interface.address, kCpuInterfaceSize)));

    g_distributor.write32(kGicdCtlr, 0);
    // ITLinesNumber: 32 * (N + 1) interrupt ids, capped at the architectural 1020.
    g_line_count = 32 * ((g_distributor.read32(kGicdTyper) & 0x1f) + 1);
    if (g_line_count > kMaxIntid)
        g_line_count = kMaxIntid;
    // Every shared line masked, not pending, at the default priority, level-triggered as reset
    // leaves them (GICD_ICFGR) until a driver says otherwise.
    for (uint32_t intid = kFirstSpi; intid < g_line_count; intid += 32) {
        g_distributor.write32(kGicdIcenabler + intid / 8, ~0u);
        g_distributor.write32(kGicdIcpendr + intid / 8, ~0u);
    }
    for (uint32_t intid = kFirstSpi; intid < g_line_count; ++intid)
        set_priority(intid, kDefaultPriority);
    g_distributor.write32(kGicdCtlr, kGicdCtlrEnable);
    return {};
}

Result<void> init_this_cpu(uint32_t cpu_index, uint32_t timer_intid) {
    if (cpu_index >= kMaxCpus)
        return Error::OutOfRange;
    // GICD_ITARGETSR0..7 read back this CPU's own bit; a uniprocessor GIC may read them as zero.
    uint8_t mask = uint8_t(g_distributor.read32(kGicdItargetsr) & 0xff);
    g_target_mask[cpu_index] = mask ? mask : 1;

    // The banked private lines: all off, then the IPI SGI and the timer PPI.
    g_distributor.write32(kGicdIcenabler, ~0u);
    g_distributor.write32(kGicdIcpendr, ~0u);
    for (uint32_t intid = 0; intid < kFirstSpi; ++intid)
        set_priority(intid, kDefaultPriority);
    g_distributor.write32(kGicdIsenabler, 1u << kIpiSgi | 1u << timer_intid);

    g_cpu_interface.write32(kGiccPmr, 0xff); // let every priority through
    g_cpu_interface.write32(kGiccBpr, 0);
    g_cpu_interface.write32(kGiccCtlr, kGiccCtlrEnable);
    return {};
}

// Bits 9:0 the INTID, 12:10 the sending CPU for an SGI; EOIR wants the whole value back.
Acknowledged acknowledge() {
    uint32_t iar = g_cpu_interface.read32(kGiccIar) & 0x1fff;
    return {.raw = iar, .intid = iar & 0x3ff};
}

void end_of_interrupt(Acknowledged interrupt) { g_cpu_interface.write32(kGiccEoir, interrupt.raw); }

Result<void> enable_line(uint32_t line, uint32_t cpu_index) {
    if (line < kFirstSpi || line >= g_line_count || cpu_index >= kMaxCpus)
        return Error::InvalidArgument;
    if (g_target_mask[cpu_index] == 0)
        return Error::NotFound; // that CPU has not set up its interface yet
    g_distributor.write8(kGicdItargetsr + line, g_target_mask[cpu_index]);
    g_distributor.write32(kGicdIsenabler + line / 32 * 4, 1u << (line % 32));
    return {};
}

void disable_line(uint32_t line) {
    if (line < kFirstSpi || line >= g_line_count)
        return;
    g_distributor.write32(kGicdIcenabler + line / 32 * 4, 1u << (line % 32));
}

void send_sgi(uint32_t sgi, const CpuLocal& target) {
    // The target's pending_ipis (normal memory) must be visible before it can take the SGI.
    asm volatile("dsb ishst" ::: "memory");
    g_distributor.write32(
        kGicdSgir, Sgir{.target_list = g_target_mask[target.index], .sgi = uint8_t(sgi)}.value());
}

uint32_t line_count() { return g_line_count; }

void set_pending(uint32_t line) {
    if (line >= kFirstSpi && line < g_line_count)
        g_distributor.write32(kGicdIspendr + line / 32 * 4, 1u << (line % 32));
}

} // namespace mica::arch::gic::v2
