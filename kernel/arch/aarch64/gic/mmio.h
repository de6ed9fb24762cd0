#pragma once
// Register access in a block mapped Device-nGnRE by map_device(). Accesses to one device are
// kept in program order by the memory type; ordering against normal memory needs explicit
// barriers, which the callers place where it matters (raising an SGI).

#include <lib/types.h>

namespace mica::arch::gic {

class Mmio {
public:
    constexpr Mmio() = default;
    explicit Mmio(void* base) : m_base(reinterpret_cast<uintptr_t>(base)) {}

    uint32_t read32(uint32_t offset) const {
        return *reinterpret_cast<const volatile uint32_t*>(m_base + offset);
    }
    void write32(uint32_t offset, uint32_t value) const {
        *reinterpret_cast<volatile uint32_t*>(m_base + offset) = value;
    }
    uint64_t read64(uint32_t offset) const {
        return *reinterpret_cast<const volatile uint64_t*>(m_base + offset);
    }
    void write64(uint32_t offset, uint64_t value) const {
        *reinterpret_cast<volatile uint64_t*>(m_base + offset) = value;
    }
    void write8(uint32_t offset, uint8_t value) const {
        *reinterpret_cast<volatile uint8_t*>(m_base + offset) = value;
    }
    Mmio offset_by(uint32_t offset) const { return Mmio(reinterpret_cast<void*>(m_base + offset)); }
    bool is_mapped() const { return m_base != 0; }

private:
    uintptr_t m_base = 0;
};

} // namespace mica::arch::gic
