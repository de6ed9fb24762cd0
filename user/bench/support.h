#pragma once
// What the benchmark rows share: the clock, the report line, threads of this process, and
// starting a copy of this program as a child process.
//
// Every figure is guest instructions under `qemu -icount shift=0,sleep=off`, where one virtual
// nanosecond is one instruction: a row times a loop of many operations with clock_get(0) and
// divides. (Idle time would advance the clock without instructions; no timed loop here idles:
// on one CPU something is always runnable.)

#include <abi/ipc_buffer.h>
#include <abi/mica_abi.h>
#include <abi/user_syscalls.h>
#include <lib/span.h>
#include <lib/string_view.h>
#include <mica/handle.h>
#include <mica/spawn.h>
#include <mica/sys_result.h>

namespace mica::bench {

// The monotonic clock deadlines use, in ns (instructions under icount). Its resolution is the
// ISA's counter: 1 ns on x86_64 (TSC), 16 ns on aarch64 (CNTVCT at 62.5 MHz), 100 ns on riscv64
// (time at 10 MHz); rows run thousands of iterations, so the per-operation figure is exact to
// well under one instruction on every ISA.
inline uint64_t now() {
    uint64_t ns = 0;
    (void)sys::clock_get(0, &ns);
    return ns;
}

// The timed loop of a row: `uint64_t start = timing_start(); ...loop...; total =
// timing_stop(start);`. Besides reading the clock, they bracket the loop for tools/bench/
// profile.py, whose QEMU plugin counts the instructions executed between the n-th call of
// mica_bench_window_open and the next of mica_bench_window_close (found by address).
extern "C" void mica_bench_window_open();
extern "C" void mica_bench_window_close();
inline uint64_t timing_start() {
    mica_bench_window_open();
    return now();
}
inline uint64_t timing_stop(uint64_t start) {
    uint64_t elapsed = now() - start;
    mica_bench_window_close();
    return elapsed;
}

// Prints `bench: <row> <per-op> n=<iterations> total=<ns>`, the line tools/bench/run.sh parses.
// The per-operation figure is rounded to the nearest instruction.
void report(StringView row, uint64_t total, uint64_t iterations);
// A row that could not be measured: `bench: <row> error <what>`; the table shows it as missing.
void report_error(StringView row, const SysError& error);

// Startup handles every process here has (spawn and the kernel both grant them).
abi::Handle self_process();
abi::Handle self_address_space();
// The per-thread IPC buffer of the thread that calls it, as the thread was started with.
abi::IpcBuffer& main_ipc_buffer();

// A thread of this process running `function(argument)` on a stack of its own; it ends with
// thread_exit when the function returns. join() waits for that.
class Thread {
public:
    using Function = void (*)(void* argument);
    static SysResult<Thread> start(Function function, void* argument);

    Thread() = default;
    Thread(Thread&& other) : m_thread(move(other.m_thread)) {}
    SysResult<void> join();

private:
    OwnedHandle m_thread;
};

// This program (the archive's `init`) started again as a child process with argv[1] = `mode`.
SysResult<OwnedHandle> spawn_self(StringView mode, Span<StartupGrant> grants = {});

// Child process modes (argv[1]).
constexpr StringView kModeServer = "server"; // IPC echo + notification partner (ipc.cpp)
constexpr StringView kModeExit = "exit";     // returns 0 at once (process.cpp)

// The rows, in the order they run (main.cpp).
void boot_row(uint64_t first_user_counter);
void syscall_rows();
void ipc_rows();
void yield_row();
void page_map_row();
void process_row();
int serve(); // the child's side of the IPC and notification rows

} // namespace mica::bench
