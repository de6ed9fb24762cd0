#pragma once
// What a mapping allows, independent of any ISA's bit layout. Every mapping is readable (no ISA
// here can express write-only, and execute-only is not worth the special case); the rest is
// opt-in, so a forgotten flag fails closed.

#include <lib/types.h>

namespace mica {

enum class MemoryType : uint8_t {
    Normal, // cacheable RAM
    Device, // registers: uncached, no speculation, no merging
};

struct PageFlags {
    bool writable = false;
    bool executable = false;
    bool user = false;   // reachable from user mode
    bool global = false; // survives address-space switches (kernel mappings)
    MemoryType type = MemoryType::Normal;

    constexpr bool operator==(const PageFlags&) const = default;
};

// The kernel's W^X building blocks.
constexpr PageFlags kKernelCode{.writable = false, .executable = true, .global = true};
constexpr PageFlags kKernelReadOnly{.writable = false, .executable = false, .global = true};
constexpr PageFlags kKernelData{.writable = true, .executable = false, .global = true};
constexpr PageFlags kKernelDevice{
    .writable = true, .executable = false, .global = true, .type = MemoryType::Device};

} // namespace mica
