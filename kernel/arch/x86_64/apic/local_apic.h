#pragma once
// The local APIC of each CPU (Intel SDM Vol. 3A, chapter 11), in x2APIC mode when CPUID.1:ECX[21]
// says the CPU has it (registers are MSRs 0x800 + offset / 16, the ICR is one 64-bit write), and
// in xAPIC mode otherwise (registers in the 4 KiB MMIO page IA32_APIC_BASE points at, mapped with
// map_device(); every CPU sees its own APIC at the same address).

#include <lib/result.h>
#include <lib/types.h>

namespace mica::arch {

// Register offsets in the xAPIC page (Intel SDM Vol. 3A, Table 11-1).
enum class ApicRegister : uint32_t {
    Id = 0x20,
    Version = 0x30,
    TaskPriority = 0x80,
    Eoi = 0xb0,
    SpuriousVector = 0xf0,
    ErrorStatus = 0x280,
    InterruptCommandLow = 0x300,
    InterruptCommandHigh = 0x310, // xAPIC only: the destination in bits 31:24
    LvtTimer = 0x320,
    LvtLint0 = 0x350,
    LvtLint1 = 0x360,
    LvtError = 0x370,
    TimerInitialCount = 0x380,
    TimerCurrentCount = 0x390,
    TimerDivide = 0x3e0,
};

// A local vector table entry (timer, LINT0/1, error).
struct LvtEntry {
    enum class Delivery : uint32_t { Fixed = 0, Nmi = 4, ExtInt = 7 };
    enum class TimerMode : uint32_t { OneShot = 0, Periodic = 1, TscDeadline = 2 };

    uint8_t vector = 0;
    Delivery delivery = Delivery::Fixed;
    bool masked = false;
    TimerMode timer_mode = TimerMode::OneShot; // LvtTimer only

    constexpr uint32_t encode() const {
        return uint32_t(vector) | uint32_t(delivery) << 8 | uint32_t(masked) << 16 |
               uint32_t(timer_mode) << 17;
    }
};

// The interrupt command register (Intel SDM Vol. 3A, 11.6.1).
struct InterruptCommand {
    enum class Delivery : uint32_t { Fixed = 0, Nmi = 4, Init = 5, Startup = 6 };

    uint8_t vector = 0; // for Startup: the page number of the real-mode entry
    Delivery delivery = Delivery::Fixed;
    bool assert_level = true; // only INIT de-assert clears it
    bool level_triggered = false;
    uint32_t destination = 0; // physical APIC id

    // Physical destination mode, no shorthand.
    constexpr uint32_t low() const {
        return uint32_t(vector) | uint32_t(delivery) << 8 | uint32_t(assert_level) << 14 |
               uint32_t(level_triggered) << 15;
    }
};

class LocalApic {
public:
    // Once on the boot CPU before any other use: picks x2APIC or xAPIC and maps the xAPIC page.
    // Repeated calls do nothing.
    static Result<void> init();
    // Each CPU: enables its APIC in the chosen mode, spurious vector, error vector, LINT0 masked
    // (the 8259's ExtINT path; devices come through the I/O APIC), LINT1 as NMI, TPR 0.
    static void enable_this_cpu();

    static bool is_x2apic() { return s_x2apic; }
    static bool is_ready() { return s_ready; }

    static uint32_t read(ApicRegister reg);
    static void write(ApicRegister reg, uint32_t value);

    // This CPU's APIC id (8 bits in xAPIC mode, 32 in x2APIC mode).
    static uint32_t id();
    static void end_of_interrupt();
    // Sends and waits until the APIC has accepted it (xAPIC delivery status; x2APIC writes are
    // accepted at once). Interrupts must be masked around the two xAPIC writes: the caller's job.
    static void send(const InterruptCommand& command);
    // Reads and clears the error status.
    static uint32_t take_errors();

private:
    static inline bool s_ready = false;
    static inline bool s_x2apic = false;
    static inline volatile uint32_t* s_mmio = nullptr;
};

} // namespace mica::arch
