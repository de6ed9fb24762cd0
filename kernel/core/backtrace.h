#pragma once
// Walks the frame-pointer chain and prints each return address with its symbol. The kernel is
// built with frame pointers on every ISA for exactly this.

#include <lib/types.h>

namespace mica {

// Prints up to `max_frames` frames starting at `frame_pointer`. Stops at a null, misaligned or
// non-kernel pointer, or one that does not move up the stack, so a corrupt chain ends the walk
// instead of faulting inside the panic path.
void print_backtrace(uintptr_t frame_pointer, unsigned max_frames = 32);

} // namespace mica
