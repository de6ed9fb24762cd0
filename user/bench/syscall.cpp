// The boot row and the null-syscall rows.

#include <mica/print.h>
#include <support.h>

namespace mica::bench {

namespace {

constexpr uint64_t kSyscalls = 20'000;

// One syscall's number with no arguments, for the floor of entry + dispatch + exit: the
// generated dispatcher answers bad_syscall before looking at anything.
constexpr uint64_t kUnknownSyscall = 0xffff;

} // namespace

void boot_row(uint64_t first_user_counter) { report("boot_to_user", first_user_counter, 1); }

void syscall_rows() {
    // null_syscall: clock_get(0), the cheapest syscall that does something (reads the counter and
    // scales it), the counterpart of Linux's getpid.
    uint64_t sink = 0;
    for (uint64_t i = 0; i < 100; ++i)
        (void)sys::clock_get(0, &sink);
    uint64_t start = timing_start();
    for (uint64_t i = 0; i < kSyscalls; ++i)
        (void)sys::clock_get(0, &sink);
    report("null_syscall", timing_stop(start), kSyscalls);

    // The same trap with a number the kernel does not know: entry, dispatch and exit only.
    start = timing_start();
    for (uint64_t i = 0; i < kSyscalls; ++i)
        (void)sys::mica_syscall0(kUnknownSyscall);
    report("syscall_unknown", timing_stop(start), kSyscalls);

    // handle_info: entry, one handle-table lookup, exit.
    abi::ObjectType type;
    abi::Rights rights;
    abi::Handle handle = self_process();
    start = timing_start();
    for (uint64_t i = 0; i < kSyscalls; ++i)
        (void)sys::handle_info(handle, &type, &rights);
    report("syscall_handle_info", timing_stop(start), kSyscalls);
}

} // namespace mica::bench
