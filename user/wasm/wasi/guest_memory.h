#pragma once
// The module's linear memory as WASI calls see it: every pointer and length the module passes is
// checked against the memory's current size before it is used, in 64-bit arithmetic so that
// pointer + length cannot wrap. A failed check is Errno::Fault for the module, never a host
// crash. A module without a memory fails every check.

#include <lib/span.h>
#include <lib/types.h>
#include <wasm/runtime.h>

namespace mica::wasm::wasi {

class GuestMemory {
public:
    explicit GuestMemory(MemoryInstance* memory)
        : m_data(memory ? memory->data : nullptr), m_size(memory ? memory->size : 0) {}

    bool contains(uint64_t address, uint64_t length) const {
        return address <= m_size && length <= m_size - address;
    }
    // `length` bytes at `address`; check contains() first.
    Span<uint8_t> bytes(uint64_t address, uint64_t length) const {
        return Span<uint8_t>(m_data + address, length);
    }

    uint32_t load_u32(uint64_t address) const {
        uint32_t value = 0;
        for (int i = 3; i >= 0; --i)
            value = (value << 8) | m_data[address + i];
        return value;
    }
    uint64_t load_u64(uint64_t address) const {
        return load_u32(address) | uint64_t(load_u32(address + 4)) << 32;
    }
    uint8_t load_u8(uint64_t address) const { return m_data[address]; }
    uint16_t load_u16(uint64_t address) const {
        return uint16_t(m_data[address] | m_data[address + 1] << 8);
    }

    void store_u8(uint64_t address, uint8_t value) { m_data[address] = value; }
    void store_u16(uint64_t address, uint16_t value) {
        m_data[address] = uint8_t(value);
        m_data[address + 1] = uint8_t(value >> 8);
    }
    void store_u32(uint64_t address, uint32_t value) {
        for (int i = 0; i < 4; ++i)
            m_data[address + i] = uint8_t(value >> (8 * i));
    }
    void store_u64(uint64_t address, uint64_t value) {
        store_u32(address, uint32_t(value));
        store_u32(address + 4, uint32_t(value >> 32));
    }
    void fill_zero(uint64_t address, uint64_t length) {
        for (uint64_t i = 0; i < length; ++i)
            m_data[address + i] = 0;
    }

private:
    uint8_t* m_data;
    uint64_t m_size;
};

} // namespace mica::wasm::wasi
