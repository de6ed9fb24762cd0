#pragma once
// Power-of-two alignment helpers.

#include <lib/types.h>

namespace mica {

constexpr bool is_power_of_two(uint64_t value) { return value && !(value & (value - 1)); }
constexpr uint64_t align_down(uint64_t value, uint64_t alignment) {
    return value & ~(alignment - 1);
}
constexpr uint64_t align_up(uint64_t value, uint64_t alignment) {
    return (value + alignment - 1) & ~(alignment - 1);
}
constexpr bool is_aligned(uint64_t value, uint64_t alignment) {
    return (value & (alignment - 1)) == 0;
}

} // namespace mica
