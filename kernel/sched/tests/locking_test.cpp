// Many threads on every CPU increment shared counters under a Mutex and under a SpinLock: the
// totals are exact, and on a multi-CPU machine the threads really ran on several CPUs.

#include "test_support.h"

#include <core/spinlock.h>
#include <sched/mutex.h>

using namespace mica;
using namespace mica::sched;

namespace {

constexpr size_t kThreads = 16;
constexpr uint64_t kIncrements = 2000;

struct Counters {
    Mutex mutex;
    uint64_t under_mutex GUARDED_BY(mutex) = 0;
    SpinLock spin;
    uint64_t under_spin GUARDED_BY(spin) = 0;
    Atomic<uint64_t> cpus{0};
};

void increment(void* argument) {
    auto* counters = static_cast<Counters*>(argument);
    for (uint64_t i = 0; i < kIncrements; ++i) {
        {
            MutexGuard guard(counters->mutex);
            // A read and a later write: a lost update shows up if two threads ever overlap.
            uint64_t value = counters->under_mutex;
            counters->under_mutex = value + 1;
        }
        {
            SpinLockGuard guard(counters->spin);
            uint64_t value = counters->under_spin;
            counters->under_spin = value + 1;
        }
        if (i % 1024 == 0)
            counters->cpus.fetch_or(uint64_t{1} << current_thread()->last_cpu);
    }
}

} // namespace

KTEST(sched, counters_under_mutex_and_spinlock_are_exact) NO_THREAD_SAFETY_ANALYSIS {
    static Counters counters;
    counters.under_mutex = 0;
    counters.under_spin = 0;
    counters.cpus.store(0);
    uint64_t start = now_ns();
    uint64_t switches = test::context_switches();
    uint64_t ipis = test::ipis_received();
    KASSERT(test::run_threads(kThreads, increment, &counters, {}, test::Placement::Spread));
    println("    {} threads x {} increments took {} ms, {} switches, {} IPIs", kThreads,
            kIncrements, (now_ns() - start) / 1'000'000, test::context_switches() - switches,
            test::ipis_received() - ipis);
    KEXPECT_EQ(counters.under_mutex, kThreads * kIncrements);
    KEXPECT_EQ(counters.under_spin, kThreads * kIncrements);
    println("    threads ran on {} of {} CPUs", test::cpus_in(counters.cpus.load()),
            online_cpu_count());
    KEXPECT_EQ(test::cpus_in(counters.cpus.load()), min(online_cpu_count(), uint32_t(kThreads)));
}

KTEST(sched, mutex_try_lock_for_times_out_while_held) NO_THREAD_SAFETY_ANALYSIS {
    static Mutex mutex;
    mutex.lock();
    struct Probe {
        bool acquired = true;
        uint64_t waited = 0;
    };
    static Probe probe;
    KASSERT(test::run_threads(
        1,
        [](void*) NO_THREAD_SAFETY_ANALYSIS {
            uint64_t start = now_ns();
            probe.acquired = mutex.try_lock_for(5'000'000);
            probe.waited = now_ns() - start;
            if (probe.acquired)
                mutex.unlock();
        },
        nullptr));
    mutex.unlock();
    KEXPECT(!probe.acquired);
    KEXPECT(probe.waited >= 5'000'000u);
    KEXPECT(mutex.try_lock());
    mutex.unlock();
}
