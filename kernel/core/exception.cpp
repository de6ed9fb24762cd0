#include <arch/cpu.h>
#include <arch/trap_frame.h>
#include <core/backtrace.h>
#include <core/console.h>
#include <core/exception.h>
#include <core/exception_fixup.h>
#include <core/expect_exception.h>
#include <core/panic.h>
#include <core/symbols.h>
#include <object/process.h>
#include <vm/kernel_address_space.h>

namespace mica {

namespace {
const char* access_name(AccessKind access) {
    switch (access) {
    case AccessKind::None: return "";
    case AccessKind::Read: return "read";
    case AccessKind::Write: return "write";
    case AccessKind::Execute: return "execute";
    }
    return "?";
}

// Whether the page was mapped tells a stray pointer from a permission problem, on every ISA
// (riscv's cause does not say).
void report_page(uintptr_t address) {
    if (!kernel_address_space::is_active())
        return;
    Optional<Translation> page = kernel_address_space::query(address);
    if (!page) {
        println("  page: not mapped");
        return;
    }
    println("  page: mapped to {:#x} ({} KiB page), {}{}{}{}, access not permitted", page->physical,
            page->page_size / 1024, page->flags.writable ? "read-write" : "read-only",
            page->flags.executable ? ", executable" : ", never executable",
            page->flags.user ? ", user" : "",
            page->flags.type == MemoryType::Device ? ", device" : "");
}

void report(const arch::TrapFrame& frame, const ExceptionInfo& info) {
    println("\nEXCEPTION: {} ({}) in {} mode", info.name, exception_kind_name(info.kind),
            info.from_user ? "user" : "kernel");
    println("  at {}", SymbolizedAddress{frame.instruction_pointer()});
    println("  cause {:#x} detail {:#x}", info.code, info.detail);
    if (info.has_fault_address)
        println("  fault address {:#018x} {}", info.fault_address, access_name(info.access));
    if (info.kind == ExceptionKind::PageFault && info.has_fault_address)
        report_page(info.fault_address);
    arch::Cpu::dump_registers(frame);
    print_backtrace(frame.frame_pointer(), frame.instruction_pointer());
}

// An instruction fetch from a probe's target: the fault is at the target itself.
bool is_execute_probe_fault(const arch::TrapFrame& frame, const ExceptionInfo& info) {
    return mica_execute_probe_landing && info.access == AccessKind::Execute &&
           info.has_fault_address && info.fault_address == frame.instruction_pointer();
}
// A fault in user mode is the process's problem, not the kernel's: one line on the console, and
// the process ends with exit_faulted. The kernel and every other process go on.
[[noreturn]] void end_faulting_process(const arch::TrapFrame& frame, const ExceptionInfo& info) {
    UserThread* thread = UserThread::current();
    if (!thread)
        panic("{} from user mode on a kernel thread", exception_kind_name(info.kind));
    print("user fault: process '{}' thread '{}': {} ({}) at {:#x}", thread->process().name(),
          thread->name(), info.name, exception_kind_name(info.kind), frame.instruction_pointer());
    if (info.has_fault_address)
        print(", address {:#x} {}", info.fault_address, access_name(info.access));
    println("");
    thread->process().kill(static_cast<int64_t>(abi::kExitFaulted));
    UserThread::exit_current(static_cast<int64_t>(abi::kExitFaulted));
}

} // namespace

void handle_exception(arch::TrapFrame& frame, const ExceptionInfo& info) {
    // A test that expects the exception records it (with its decoding) in any case.
    bool expected = ExpectException::catch_if_expected(frame, info);
    if (!info.from_user) {
        uintptr_t resume = find_exception_fixup(frame.instruction_pointer());
        if (!resume && is_execute_probe_fault(frame, info))
            resume = mica_execute_probe_landing;
        if (resume) {
            frame.set_instruction_pointer(resume);
            return;
        }
    }
    if (expected) {
        arch::Cpu::skip_faulting_instruction(frame);
        return;
    }
    if (info.from_user)
        end_faulting_process(frame, info); // never returns
    report(frame, info);
    panic("unhandled {} in {} mode", exception_kind_name(info.kind),
          info.from_user ? "user" : "kernel");
}

} // namespace mica
