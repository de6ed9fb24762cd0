// GICv3 (Arm IHI 0069): a memory-mapped distributor, one memory-mapped redistributor per CPU for
// its private lines (SGIs, PPIs), and the CPU interface as ICC_* system registers. Affinity
// routing is on; the kernel uses Group 1 only (signalled as IRQ at EL1 whether or not the GIC has
// two security states).

#include <arch/aarch64/gic/gic.h>
#include <arch/aarch64/gic/mmio.h>
#include <arch/cpu.h>
#include <core/console.h>
#include <core/cpu_local.h>
#include <lib/fixed_vector.h>
#include <vm/device_map.h>

// The ICC_* registers by encoding, which every assembler accepts whatever -march says.
#define ICC_PMR_EL1 "S3_0_C4_C6_0"
#define ICC_IAR1_EL1 "S3_0_C12_C12_0"
#define ICC_EOIR1_EL1 "S3_0_C12_C12_1"
#define ICC_BPR1_EL1 "S3_0_C12_C12_3"
#define ICC_CTLR_EL1 "S3_0_C12_C12_4"
#define ICC_SRE_EL1 "S3_0_C12_C12_5"
#define ICC_IGRPEN1_EL1 "S3_0_C12_C12_7"
#define ICC_SGI1R_EL1 "S3_0_C12_C11_5"

namespace mica::arch::gic::v3 {

namespace {

// Distributor registers beyond the ones both versions share (gic.h).
constexpr uint32_t kGicdIgroupr = 0x0080;
constexpr uint32_t kGicdIgrpmodr = 0x0d00;
constexpr uint32_t kGicdIrouter = 0x6000;

// GICD_CTLR. With one security state (DS = 1) bit 0 enables Group 0 and bit 1 Group 1; seen
// from the non-secure side of a GIC with two, bit 0 is Group 1 and bit 1 "Group 1A". Setting
// both with ARE is right in either view.
struct GicdCtlr {
    static constexpr uint32_t kEnableGroup0Or1 = 1u << 0;
    static constexpr uint32_t kEnableGroup1 = 1u << 1;
    static constexpr uint32_t kAffinityRouting = 1u << 4;
    static constexpr uint32_t kRegisterWritePending = 1u << 31;
};

// Redistributor: RD_base frame, then SGI_base frame 64 KiB further.
constexpr uint32_t kGicrTyper = 0x0008;
constexpr uint32_t kGicrWaker = 0x0014;
constexpr uint32_t kGicrCtlr = 0x0000;
constexpr uint32_t kSgiFrame = 0x1'0000;
constexpr uint32_t kGicrIgroupr0 = kSgiFrame + 0x0080;
constexpr uint32_t kGicrIsenabler0 = kSgiFrame + 0x0100;
constexpr uint32_t kGicrIcenabler0 = kSgiFrame + 0x0180;
constexpr uint32_t kGicrIcpendr0 = kSgiFrame + 0x0280;
constexpr uint32_t kGicrIpriorityr = kSgiFrame + 0x0400;
constexpr uint32_t kGicrIgrpmodr0 = kSgiFrame + 0x0d00;
constexpr uint32_t kGicrCtlrRegisterWritePending = 1u << 3;
constexpr uint32_t kWakerProcessorSleep = 1u << 1;
constexpr uint32_t kWakerChildrenAsleep = 1u << 2;

// GICR_TYPER: Affinity in 63:32 (Aff3.Aff2.Aff1.Aff0), Last in bit 4, VLPIS in bit 1 (the
// frame then has two more 64 KiB pages for virtual LPIs).
struct GicrTyper {
    uint64_t value;
    uint32_t affinity() const { return uint32_t(value >> 32); }
    bool last() const { return value & (1u << 4); }
    bool has_vlpi_frames() const { return value & (1u << 1); }
};

constexpr uint64_t kRedistributorFrames = 0x2'0000; // RD_base + SGI_base, what we map
constexpr uint32_t kPollLimit = 1'000'000;

struct Redistributor {
    uint32_t affinity; // GICR_TYPER's packing
    Mmio registers;
};

constinit Mmio g_distributor;
constinit FixedVector<Redistributor, kMaxCpus> g_redistributors;
constinit uint32_t g_line_count = 0;

// MPIDR-style affinity (Aff3 in 39:32, Aff2..Aff0 in 23:0) in GICR_TYPER's 32-bit packing.
uint32_t packed_affinity(uint64_t affinity) {
    return uint32_t((affinity >> 32) & 0xff) << 24 | uint32_t(affinity & 0xff'ffff);
}

bool wait_while(const Mmio& registers, uint32_t offset, uint32_t bits, bool set) {
    for (uint32_t i = 0; i < kPollLimit; ++i) {
        if (((registers.read32(offset) & bits) != 0) != set)
            return true;
        Cpu::relax();
    }
    return false;
}

void wait_for_distributor() {
    if (!wait_while(g_distributor, kGicdCtlr, GicdCtlr::kRegisterWritePending, true))
        println("gic: distributor write still pending after {} polls", kPollLimit);
}

// Maps each CPU's redistributor in turn, reading its affinity, until the one marked Last.
Result<void> find_redistributors(const GicDescription& description) {
    for (const FdtReg& region : description.redistributors) {
        for (uint64_t offset = 0; offset + kRedistributorFrames <= region.size;) {
            Mmio registers = Mmio(TRY(map_device(region.address + offset, kRedistributorFrames)));
            GicrTyper typer{registers.read64(kGicrTyper)};
            TRY(g_redistributors.try_append({typer.affinity(), registers}));
            if (typer.last())
                break;
            uint64_t stride = description.redistributor_stride;
            if (stride == 0)
                stride = typer.has_vlpi_frames() ? 0x4'0000 : 0x2'0000;
            offset += stride;
        }
    }
    return g_redistributors.is_empty() ? Result<void>(Error::NotFound) : Result<void>();
}

const Redistributor* redistributor_for(uint64_t affinity) {
    uint32_t packed = packed_affinity(affinity);
    for (const Redistributor& redistributor : g_redistributors) {
        if (redistributor.affinity == packed)
            return &redistributor;
    }
    return nullptr;
}

} // namespace

Result<void> init(const GicDescription& description) {
    g_distributor = Mmio(TRY(map_device(description.distributor.address, 0x1'0000)));
    TRY(find_redistributors(description));

    g_distributor.write32(kGicdCtlr, 0);
    wait_for_distributor();
    g_line_count = 32 * ((g_distributor.read32(kGicdTyper) & 0x1f) + 1);
    if (g_line_count > kMaxIntid)
        g_line_count = kMaxIntid;
    for (uint32_t intid = kFirstSpi; intid < g_line_count; intid += 32) {
        g_distributor.write32(kGicdIcenabler + intid / 8, ~0u);
        g_distributor.write32(kGicdIcpendr + intid / 8, ~0u);
        g_distributor.write32(kGicdIgroupr + intid / 8, ~0u); // Group 1 (non-secure)
        g_distributor.write32(kGicdIgrpmodr + intid / 8, 0);
    }
    for (uint32_t intid = kFirstSpi; intid < g_line_count; ++intid)
        g_distributor.write8(kGicdIpriorityr + intid, kDefaultPriority);
    wait_for_distributor();
    g_distributor.write32(kGicdCtlr, GicdCtlr::kAffinityRouting | GicdCtlr::kEnableGroup1 |
                                         GicdCtlr::kEnableGroup0Or1);
    wait_for_distributor();
    return {};
}

Result<void> init_this_cpu(uint64_t affinity, uint32_t timer_intid) {
    const Redistributor* redistributor = redistributor_for(affinity);
    if (!redistributor)
        return Error::NotFound;
    const Mmio& gicr = redistributor->registers;

    // Wake the redistributor: it forwards nothing to a CPU it believes asleep.
    gicr.write32(kGicrWaker, gicr.read32(kGicrWaker) & ~kWakerProcessorSleep);
    if (!wait_while(gicr, kGicrWaker, kWakerChildrenAsleep, true))
        return Error::Unsupported;

    // Private lines: all off and Group 1, then the IPI SGI and the timer PPI.
    gicr.write32(kGicrIcenabler0, ~0u);
    gicr.write32(kGicrIcpendr0, ~0u);
    wait_while(gicr, kGicrCtlr, kGicrCtlrRegisterWritePending, true);
    gicr.write32(kGicrIgroupr0, ~0u);
    gicr.write32(kGicrIgrpmodr0, 0);
    for (uint32_t intid = 0; intid < kFirstSpi; ++intid)
        gicr.write8(kGicrIpriorityr + intid, kDefaultPriority);
    gicr.write32(kGicrIsenabler0, 1u << kIpiSgi | 1u << timer_intid);

    // The CPU interface through system registers (ICC_SRE_EL1.SRE; EL2, if present, allowed it
    // in boot/head.S).
    uint64_t sre;
    asm volatile("mrs %0, " ICC_SRE_EL1 : "=r"(sre));
    asm volatile("msr " ICC_SRE_EL1 ", %0\n isb" ::"r"(sre | 1) : "memory");
    asm volatile("mrs %0, " ICC_SRE_EL1 : "=r"(sre));
    if (!(sre & 1))
        return Error::Unsupported; // a GICv3 only usable through the legacy memory interface
    asm volatile("msr " ICC_PMR_EL1 ", %0" ::"r"(uint64_t{0xff}));
    asm volatile("msr " ICC_BPR1_EL1 ", xzr");
    asm volatile("msr " ICC_CTLR_EL1 ", xzr"); // EOImode 0: EOI drops priority and deactivates
    asm volatile("msr " ICC_IGRPEN1_EL1 ", %0\n isb" ::"r"(uint64_t{1}) : "memory");
    return {};
}

Acknowledged acknowledge() {
    uint64_t iar;
    asm volatile("mrs %0, " ICC_IAR1_EL1 : "=r"(iar)::"memory");
    return {.raw = uint32_t(iar), .intid = uint32_t(iar) & 0x00ff'ffff};
}

void end_of_interrupt(Acknowledged interrupt) {
    asm volatile("msr " ICC_EOIR1_EL1 ", %0\n isb" ::"r"(uint64_t{interrupt.raw}) : "memory");
}

Result<void> enable_line(uint32_t line, uint64_t target_affinity) {
    if (line < kFirstSpi || line >= g_line_count)
        return Error::InvalidArgument;
    // GICD_IROUTER<n>: Aff3 in 39:32, Aff2..Aff0 in 23:0, Interrupt_Routing_Mode (bit 31) 0.
    g_distributor.write64(kGicdIrouter + line * 8, target_affinity & 0xff'00ff'ffffull);
    g_distributor.write32(kGicdIsenabler + line / 32 * 4, 1u << (line % 32));
    return {};
}

void disable_line(uint32_t line) {
    if (line < kFirstSpi || line >= g_line_count)
        return;
    g_distributor.write32(kGicdIcenabler + line / 32 * 4, 1u << (line % 32));
    wait_for_distributor();
}

// ICC_SGI1R_EL1: TargetList (bits 15:0) holds Aff0 values 0..15 of one Aff3.Aff2.Aff1 cluster;
// Aff0 beyond 15 needs the range selector (RS, bits 47:44, in units of 16).
struct Sgi1r {
    uint64_t affinity;
    uint32_t sgi;
    uint64_t value() const {
        uint64_t aff0 = affinity & 0xff;
        uint64_t aff1 = (affinity >> 8) & 0xff;
        uint64_t aff2 = (affinity >> 16) & 0xff;
        uint64_t aff3 = (affinity >> 32) & 0xff;
        return (1ull << (aff0 % 16)) | aff1 << 16 | uint64_t(sgi & 0xf) << 24 | aff2 << 32 |
               (aff0 / 16) << 44 | aff3 << 48;
    }
};

void send_sgi(uint32_t sgi, uint64_t target_affinity) {
    // System register writes are not ordered by DMB: the target's pending_ipis must be visible
    // before the SGI can be, hence a DSB.
    asm volatile("dsb ishst" ::: "memory");
    asm volatile("msr " ICC_SGI1R_EL1
                 ", %0\n isb" ::"r"(Sgi1r{.affinity = target_affinity, .sgi = sgi}.value())
                 : "memory");
}

uint32_t line_count() { return g_line_count; }

void set_pending(uint32_t line) {
    if (line >= kFirstSpi && line < g_line_count)
        g_distributor.write32(kGicdIspendr + line / 32 * 4, 1u << (line % 32));
}

} // namespace mica::arch::gic::v3
