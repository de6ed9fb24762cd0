#include "io_apic.h"

#include <vm/device_map.h>

namespace mica::arch {

namespace {

constexpr uint8_t kVersionRegister = 0x01;
constexpr uint8_t kFirstRedirection = 0x10;
constexpr size_t kSelect = 0;        // index register, in 32-bit words
constexpr size_t kWindow = 0x10 / 4; // data window
constexpr uint64_t kRegisterBytes = 0x20;
constexpr uint32_t kMaskedBit = 1u << 16; // in the low half of an entry

uint8_t low_index(uint32_t entry) { return uint8_t(kFirstRedirection + 2 * entry); }

} // namespace

Result<void> IoApic::init(PhysAddr address, uint32_t gsi_base) {
    void* mapped = TRY(map_device(address, kRegisterBytes));
    m_registers = static_cast<volatile uint32_t*>(mapped);
    m_gsi_base = gsi_base;
    // Bits 23:16: the index of the last redirection entry.
    m_entries = ((read(kVersionRegister) >> 16) & 0xff) + 1;
    for (uint32_t entry = 0; entry < m_entries; ++entry)
        write(low_index(entry), kMaskedBit);
    return {};
}

void IoApic::route(uint32_t gsi, const Redirection& redirection) {
    uint32_t entry = gsi - m_gsi_base;
    uint64_t value = redirection.encode();
    // Masked while the halves disagree, so no interrupt goes out half-programmed.
    write(low_index(entry), kMaskedBit);
    write(uint8_t(low_index(entry) + 1), uint32_t(value >> 32));
    write(low_index(entry), uint32_t(value));
}

void IoApic::mask(uint32_t gsi) {
    uint8_t index = low_index(gsi - m_gsi_base);
    write(index, read(index) | kMaskedBit);
}

uint32_t IoApic::read(uint8_t index) {
    m_registers[kSelect] = index;
    return m_registers[kWindow];
}

void IoApic::write(uint8_t index, uint32_t value) {
    m_registers[kSelect] = index;
    m_registers[kWindow] = value;
}

} // namespace mica::arch
