#pragma once
// Helpers for the scheduler's in-kernel tests: run N threads over one function and join them.

#include <core/ktest.h>
#include <sched/scheduler.h>

namespace mica::sched::test {

constexpr size_t kMaxTestThreads = 64;

// Starts `count` threads running entry(argument) and joins them all; false if any step failed.
// Where run_threads() puts its threads: all as `options` says, or pinned round-robin over the
// online CPUs, which makes "ran on several CPUs" certain instead of up to placement and timing.
enum class Placement { AsOptions, Spread };

inline bool run_threads(size_t count, void (*entry)(void*), void* argument,
                        ThreadOptions options = {}, Placement placement = Placement::AsOptions) {
    Thread* threads[kMaxTestThreads];
    if (count > kMaxTestThreads)
        return false;
    for (size_t i = 0; i < count; ++i) {
        if (placement == Placement::Spread)
            options.cpu = uint32_t(i % online_cpu_count());
        Result<Thread*> thread = create_thread("test", entry, argument, options);
        if (thread.is_error()) {
            for (size_t j = 0; j < i; ++j)
                (void)join(threads[j]);
            return false;
        }
        threads[i] = thread.value();
        start(threads[i]);
    }
    bool ok = true;
    for (size_t i = 0; i < count; ++i)
        ok &= join(threads[i]).is_ok();
    return ok;
}

inline uint64_t context_switches() {
    uint64_t total = 0;
    for (uint32_t i = 0; i < cpu_count(); ++i) {
        if (CpuScheduler* s = scheduler_of(i))
            total += s->context_switches.load();
    }
    return total;
}

inline uint64_t ipis_received() {
    uint64_t total = 0;
    for (uint32_t i = 0; i < cpu_count(); ++i)
        total += cpu(i).ipis_received.load();
    return total;
}

inline uint32_t cpus_in(uint64_t mask) { return uint32_t(__builtin_popcountll(mask)); }

} // namespace mica::sched::test
