#pragma once
// Deliberate, unexpected faults for checking what a real crash report looks like. The kernel
// command line `crash=<kind>` runs one after boot; the QEMU test matrix checks that the report
// decodes the trap and names the functions on the stack.

#include <lib/string_view.h>

namespace mica {

// kind: "breakpoint", "illegal" or "write-text" (a store into kernel code). Never returns: the
// fault ends in a panic.
[[noreturn]] void crash_on_purpose(StringView kind);

} // namespace mica
