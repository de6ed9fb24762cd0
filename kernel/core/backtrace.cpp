#include <arch/cpu.h>
#include <core/backtrace.h>
#include <core/console.h>
#include <core/layout.h>
#include <core/symbols.h>

namespace mica {

namespace {
struct FrameRecord {
    uintptr_t previous_frame_pointer;
    uintptr_t return_address;
};
} // namespace

void print_backtrace(uintptr_t frame_pointer, uintptr_t interrupted_at, unsigned max_frames) {
    println("backtrace:");
    unsigned depth = 0;
    if (interrupted_at)
        println("  #{:<2} {}", depth++, SymbolizedAddress{interrupted_at});
    for (; depth < max_frames; ++depth) {
        uintptr_t record_address = frame_pointer + arch::Cpu::kFrameRecordOffset;
        if (frame_pointer == 0 || record_address % alignof(FrameRecord) != 0 ||
            !is_kernel_address(record_address))
            return;
        const auto* record = reinterpret_cast<const FrameRecord*>(record_address);
        if (record->return_address == 0)
            return;
        println("  #{:<2} {}", depth, SymbolizedAddress{record->return_address, true});
        if (record->previous_frame_pointer <= frame_pointer)
            return;
        frame_pointer = record->previous_frame_pointer;
    }
    println("  ... (more frames)");
}

} // namespace mica
