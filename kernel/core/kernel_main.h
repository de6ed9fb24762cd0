#pragma once
// The hand-over from an arch entry to generic code. Each backend's entry path sets up a stack,
// the trap vectors and the early MMU, fills a BootInfo through its boot/ front end and calls
// kernel_main(). It never returns.

#include <core/boot_info.h>

namespace mica {

[[noreturn]] void kernel_main(BootInfo& info);

} // namespace mica
