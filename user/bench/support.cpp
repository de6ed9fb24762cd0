#include <mica/boot_archive.h>
#include <mica/print.h>
#include <mica/startup.h>
#include <support.h>

// The ISA's first instruction of a benchmark thread (arch/<isa>/thread_entry.S): aligns the
// stack and calls bench_thread_main(block).
extern "C" void mica_bench_thread_entry();

namespace mica::bench {

namespace {

constexpr uint64_t kThreadStackSize = 64 * 1024;

// At the top of the new thread's stack, where its stack pointer starts; 16 bytes so the stack
// below stays aligned on every ISA.
struct alignas(16) StartBlock {
    Thread::Function function;
    void* argument;
};

} // namespace

extern "C" [[noreturn]] void mica_bench_thread_main(StartBlock* block) {
    block->function(block->argument);
    sys::thread_exit();
}

// Out of line and never merged, so each has an address of its own for the plugin.
extern "C" __attribute__((noinline)) void mica_bench_window_open() {
    asm volatile("" ::: "memory");
}
extern "C" __attribute__((noinline)) void mica_bench_window_close() {
    asm volatile("nop" ::: "memory");
}

void report(StringView row, uint64_t total, uint64_t iterations) {
    uint64_t per_operation = iterations ? (total + iterations / 2) / iterations : 0;
    println("bench: {} {} n={} total={}", row, per_operation, iterations, total);
}

void report_error(StringView row, const SysError& error) {
    println("bench: {} error {}", row, error);
}

abi::Handle self_process() { return startup_handle(abi::StartupRole::SelfProcess); }
abi::Handle self_address_space() { return startup_handle(abi::StartupRole::SelfAddressSpace); }

abi::IpcBuffer& main_ipc_buffer() {
    return *reinterpret_cast<abi::IpcBuffer*>(startup_info()->ipc_buffer);
}

SysResult<Thread> Thread::start(Function function, void* argument) {
    abi::Handle raw = kInvalidHandle;
    TRY(check(sys::memory_object_create(kThreadStackSize, 0, &raw), "memory_object_create"));
    OwnedHandle stack(raw);
    uint64_t base = 0;
    // The mapping keeps the stack alive after our handle closes; threads here run until the
    // process ends, so it is never unmapped.
    TRY(check(sys::address_space_map(self_address_space(), stack.get(), 0, kThreadStackSize, 0,
                                     abi::map_flags::kRead | abi::map_flags::kWrite, &base),
              "address_space_map"));
    auto* block = reinterpret_cast<StartBlock*>(base + kThreadStackSize - sizeof(StartBlock));
    block->function = function;
    block->argument = argument;
    TRY(check(sys::thread_create(self_process(), "bench", 5, 0, &raw), "thread_create"));
    Thread thread;
    thread.m_thread = OwnedHandle(raw);
    uint64_t top = reinterpret_cast<uint64_t>(block);
    TRY(check(
        sys::thread_start(raw, reinterpret_cast<uint64_t>(&mica_bench_thread_entry), top, top, 0),
        "thread_start"));
    return thread;
}

SysResult<void> Thread::join() {
    uint64_t observed = 0;
    return check(sys::object_wait(m_thread.get(), abi::signal_flags::kTerminated,
                                  abi::kDeadlineInfinite, &observed),
                 "object_wait");
}

SysResult<OwnedHandle> spawn_self(StringView mode, Span<StartupGrant> grants) {
    // Opened once: the archive stays mapped for the life of the process.
    static SysResult<BootArchive> archive = BootArchive::open();
    if (archive.is_error())
        return archive.error();
    Bytes file = TRY(archive.value().file("init"));
    StringView arguments[] = {mode};
    return spawn("bench", file, grants, Span<const StringView>(arguments, 1));
}

} // namespace mica::bench
