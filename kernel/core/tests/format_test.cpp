// The formatter as built for the target ISA (host tests cover it in depth; this catches
// target-specific integer and calling-convention surprises).

#include <core/ktest.h>
#include <lib/format.h>

using namespace mica;

KTEST(format, numbers_on_target) {
    char buffer[64];
    KEXPECT_EQ(format_to_buffer(buffer, sizeof buffer, "{} {:#x} {:08b}", -42, 0xdeadbeefu, 5u),
               StringView("-42 0xdeadbeef 00000101"));
    KEXPECT_EQ(format_to_buffer(buffer, sizeof buffer, "{}", uint64_t(18446744073709551615ull)),
               StringView("18446744073709551615"));
}
