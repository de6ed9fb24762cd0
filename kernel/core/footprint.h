#pragma once
// The kernel image's own size, section by section, from the linker script's symbols: the figure
// to watch when a change makes the kernel grow.

namespace mica {

// Prints "kernel image: text N KiB, rodata N KiB, data N KiB, bss N KiB, symbols N KiB".
void print_kernel_footprint();

} // namespace mica
