#pragma once
// Walks the frame-pointer chain and prints each return address with its symbol. The kernel is
// built with frame pointers on every ISA for exactly this.

#include <lib/types.h>

namespace mica {

// Prints up to `max_frames` frames starting at `frame_pointer`, after `interrupted_at` as frame #0
// when given (the instruction an exception interrupted, whose function may not have pushed its
// frame record yet). Stops at a null, misaligned or non-kernel pointer, or one that does not move
// up the stack, so a corrupt chain ends the walk instead of faulting inside the panic path.
void print_backtrace(uintptr_t frame_pointer, uintptr_t interrupted_at = 0,
                     unsigned max_frames = 32);

} // namespace mica
