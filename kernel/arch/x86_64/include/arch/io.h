#pragma once
// x86 port I/O. Ports are the PC's second address space (COM1, the debug-exit device, the PIC);
// later, user-space drivers get them through IoPortRange handles.

#include <lib/types.h>

namespace mica::arch {

using IoPort = uint16_t;

inline uint8_t in8(IoPort port) {
    uint8_t value;
    asm volatile("inb %1, %0" : "=a"(value) : "Nd"(port));
    return value;
}

inline void out8(IoPort port, uint8_t value) {
    asm volatile("outb %0, %1" ::"a"(value), "Nd"(port));
}

inline uint32_t in32(IoPort port) {
    uint32_t value;
    asm volatile("inl %1, %0" : "=a"(value) : "Nd"(port));
    return value;
}

inline void out32(IoPort port, uint32_t value) {
    asm volatile("outl %0, %1" ::"a"(value), "Nd"(port));
}

} // namespace mica::arch
