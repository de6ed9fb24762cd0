#pragma once
// Where libmica puts things in the address space of a process it starts (mica::spawn). The
// bounds of user space are the kernel's (kernel/core/layout.h, the same on every ISA); the rest
// is libmica's choice, written in one place.
//
//   kUserSpaceBase        first mappable address (below it, null dereferences fault)
//   0x400000              programs are linked here (user/lib/user.ld) ...
//   kProgramLimit         ... and must end below this
//   ...                   free for mappings the kernel places (map without map.fixed)
//   kStackTop - size      the first thread's stack, the startup block at its top
//   kIpcBufferAddress     the first thread's IPC buffer, one page
//   kUserSpaceEnd

#include <core/layout.h>
#include <lib/types.h>

namespace mica::layout {

using mica::kUserSpaceBase;
using mica::kUserSpaceEnd;

constexpr uint64_t kPageSize = 4096;

constexpr uint64_t kProgramLimit = 1ull << 36; // 64 GiB

// Unmapped gaps of a megabyte around the stack and the IPC buffer turn an overflow into a fault
// instead of a silent write into the neighbour.
constexpr uint64_t kIpcBufferAddress = kUserSpaceEnd - (2ull << 20);
constexpr uint64_t kIpcBufferSize = kPageSize;
constexpr uint64_t kStackTop = kUserSpaceEnd - (4ull << 20);
constexpr uint64_t kDefaultStackSize = 64 * 1024;
constexpr uint64_t kMaxStackSize = 64ull << 20;

static_assert(kProgramLimit + kMaxStackSize < kStackTop);
static_assert(kIpcBufferAddress + kIpcBufferSize < kUserSpaceEnd);

constexpr uint64_t page_floor(uint64_t address) { return address & ~(kPageSize - 1); }
// For addresses in user space, far from the top of the 64-bit range.
constexpr uint64_t page_ceiling(uint64_t address) { return page_floor(address + kPageSize - 1); }

} // namespace mica::layout
