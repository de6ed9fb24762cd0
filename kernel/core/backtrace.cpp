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

void print_backtrace(uintptr_t frame_pointer, unsigned max_frames) {
    println("backtrace:");
    for (unsigned depth = 0; depth < max_frames; ++depth) {
        uintptr_t record_address = frame_pointer + arch::Cpu::kFrameRecordOffset;
        if (frame_pointer == 0 || record_address % alignof(FrameRecord) != 0 ||
            !is_kernel_address(record_address))
            return;
        const auto* record = reinterpret_cast<const FrameRecord*>(record_address);
        if (record->return_address == 0)
            return;
        // The return address points after the call; step back one byte so the lookup lands in
        // the calling function even when the call was its last instruction.
        println("  #{:<2} {}", depth, SymbolizedAddress{record->return_address - 1});
        if (record->previous_frame_pointer <= frame_pointer)
            return;
        frame_pointer = record->previous_frame_pointer;
    }
    println("  ... (more frames)");
}

} // namespace mica
