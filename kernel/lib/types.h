#pragma once
// Fixed-width integer types and address aliases shared by the kernel and its host tests.

#include <stddef.h>
#include <stdint.h>

namespace mica {

using PhysAddr = uint64_t;
using VirtAddr = uintptr_t;

} // namespace mica
