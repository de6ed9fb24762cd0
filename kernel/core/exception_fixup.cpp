#include <core/exception_fixup.h>

// Bounds of the .exception_fixups section (kernel/core/sections.ld).
extern "C" const mica::ExceptionFixup __exception_fixups_start[];
extern "C" const mica::ExceptionFixup __exception_fixups_end[];

uintptr_t mica_execute_probe_landing = 0;

namespace mica {

uintptr_t find_exception_fixup(uintptr_t instruction) {
    // A handful of entries: a linear scan is enough until user copies multiply them.
    for (const ExceptionFixup* fixup = __exception_fixups_start; fixup != __exception_fixups_end;
         ++fixup) {
        if (fixup->fault_address == instruction)
            return fixup->resume_address;
    }
    return 0;
}

} // namespace mica
