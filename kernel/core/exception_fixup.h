#pragma once
// Kernel code that may fault on purpose (probes in tests now, user-memory copies later) marks the
// instruction that may fault with an entry in the .exception_fixups section: where it is and
// where to resume. handle_exception() looks the faulting address up before it reports anything.
//
// Assembly emits an entry with the macro in exception_fixup.inc:
//     #include <core/exception_fixup.inc>
//     exception_fixup <faulting instruction>, <resume address>
//
// Calling into memory that may not be executable cannot be marked that way (the fault is at the
// target), so an execute probe publishes its landing pad in mica_execute_probe_landing instead
// while it runs; an instruction fetch fault at the target resumes there.

#include <lib/types.h>

namespace mica {

struct ExceptionFixup {
    uint64_t fault_address;
    uint64_t resume_address;
};

// 0 when `instruction` has no fixup.
uintptr_t find_exception_fixup(uintptr_t instruction);

} // namespace mica

// Set by an arch execute probe for its duration (single CPU for now; per CPU with SMP).
extern "C" uintptr_t mica_execute_probe_landing;
