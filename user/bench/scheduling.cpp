// The thread-switch row: two threads of this process hand the CPU to each other with
// thread_yield. The benchmark runs on one CPU (SMP=1) with nothing else runnable, so every yield
// is one switch to the other thread.

#include <lib/atomic.h>
#include <support.h>

namespace mica::bench {

namespace {

constexpr uint64_t kYields = 10'000;
constexpr uint64_t kWarmUp = 100;

struct Partner {
    Atomic<bool> stop{false};
};

void yield_until_stopped(void* argument) {
    auto* partner = static_cast<Partner*>(argument);
    while (!partner->stop.load(MemoryOrder::Acquire))
        (void)sys::thread_yield();
}

} // namespace

void yield_row() {
    Partner partner;
    auto thread = Thread::start(yield_until_stopped, &partner);
    if (thread.is_error()) {
        report_error("yield_switch", thread.error());
        return;
    }
    for (uint64_t i = 0; i < kWarmUp; ++i)
        (void)sys::thread_yield();
    // Each of our yields runs the partner for one loop turn (one yield) before we are back: two
    // switches per turn.
    uint64_t start = timing_start();
    for (uint64_t i = 0; i < kYields; ++i)
        (void)sys::thread_yield();
    uint64_t total = timing_stop(start);
    partner.stop.store(true, MemoryOrder::Release);
    (void)thread.value().join();
    report("yield_switch", total, 2 * kYields);
}

} // namespace mica::bench
