#pragma once
// An I/O APIC (Intel 82093AA datasheet): an index register at +0x00 and a data window at +0x10;
// register 0x01 holds the version and the highest redirection entry, and entries start at 0x10,
// two 32-bit halves each. Each entry routes one global system interrupt (GSI) to a vector on a
// CPU.

#include <lib/result.h>
#include <lib/types.h>

namespace mica::arch {

// One redirection table entry, fixed delivery, physical destination mode.
struct Redirection {
    uint8_t vector = 0;
    bool active_low = false;
    bool level_triggered = false;
    bool masked = true;
    uint8_t destination = 0; // APIC id (physical mode has 8 bits)

    constexpr uint64_t encode() const {
        return uint64_t(vector) | uint64_t(active_low) << 13 | uint64_t(level_triggered) << 15 |
               uint64_t(masked) << 16 | uint64_t(destination) << 56;
    }
};

class IoApic {
public:
    // Maps the registers and masks every entry.
    Result<void> init(PhysAddr address, uint32_t gsi_base);

    bool handles(uint32_t gsi) const { return gsi >= m_gsi_base && gsi - m_gsi_base < m_entries; }
    uint32_t gsi_base() const { return m_gsi_base; }
    uint32_t entries() const { return m_entries; }

    void route(uint32_t gsi, const Redirection& redirection);
    void mask(uint32_t gsi);

private:
    uint32_t read(uint8_t index);
    void write(uint8_t index, uint32_t value);

    volatile uint32_t* m_registers = nullptr;
    uint32_t m_gsi_base = 0;
    uint32_t m_entries = 0;
};

} // namespace mica::arch
