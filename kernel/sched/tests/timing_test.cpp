// Sleeping, timeouts and preemption, measured on the monotonic clock.

#include "test_support.h"

#include <sched/event.h>

using namespace mica;
using namespace mica::sched;

KTEST(sched, sleep_lasts_at_least_the_duration) {
    const uint64_t durations[] = {1'000'000, 10'000'000};
    for (uint64_t duration : durations) {
        uint64_t start = now_ns();
        sleep_ns(duration);
        uint64_t slept = now_ns() - start;
        KEXPECT(slept >= duration);
    }
}

KTEST(sched, wait_queue_and_event_time_out) {
    WaitQueue queue;
    uint64_t start = now_ns();
    {
        SpinLockGuard guard(queue.lock());
        KEXPECT(queue.wait_locked(3'000'000) == WakeResult::TimedOut);
        // Zero only polls.
        KEXPECT(queue.wait_locked(0) == WakeResult::TimedOut);
    }
    KEXPECT(now_ns() - start >= 3'000'000u);

    Event event(EventMode::AutoReset);
    start = now_ns();
    KEXPECT(event.wait(2'000'000) == WakeResult::TimedOut);
    KEXPECT(now_ns() - start >= 2'000'000u);
    event.signal();
    KEXPECT(event.wait(0) == WakeResult::Woken);
    // Auto-reset: that signal was consumed.
    KEXPECT(event.wait(0) == WakeResult::TimedOut);
}

namespace {

struct Ping {
    Event request{EventMode::AutoReset};
    Event reply{EventMode::ManualReset};
    Atomic<uint32_t> rounds{0};
};

void answer(void* argument) {
    auto* ping = static_cast<Ping*>(argument);
    for (int i = 0; i < 100; ++i) {
        if (ping->request.wait(1'000'000'000) != WakeResult::Woken)
            return;
        ping->rounds.fetch_add(1);
    }
    ping->reply.signal();
}

} // namespace

KTEST(sched, event_wakes_a_waiter_on_any_cpu) {
    static Ping ping;
    ping.reply.reset();
    ping.rounds.store(0);
    Result<Thread*> thread = create_thread("answer", answer, &ping);
    KASSERT(thread.is_ok());
    start(thread.value());
    for (int i = 0; i < 100; ++i) {
        // Each request is consumed before the next is sent: wait until it was counted.
        ping.request.signal();
        uint64_t deadline = now_ns() + 1'000'000'000;
        while (ping.rounds.load() != uint32_t(i + 1) && now_ns() < deadline)
            yield();
    }
    KEXPECT(ping.reply.wait(1'000'000'000) == WakeResult::Woken);
    KEXPECT_EQ(ping.rounds.load(), 100u);
    KEXPECT(join(thread.value()).is_ok());
}

namespace {

struct Spin {
    Atomic<bool> stop{false};
    Atomic<uint64_t> other_progress{0};
    Atomic<uint64_t> progress_while_spinning{0};
};

void spinner(void* argument) {
    auto* spin = static_cast<Spin*>(argument);
    uint64_t start = now_ns();
    uint64_t at_start = spin->other_progress.load();
    while (now_ns() - start < 200'000'000) {
    }
    spin->progress_while_spinning.store(spin->other_progress.load() - at_start);
    spin->stop.store(true);
}

void counter(void* argument) {
    auto* spin = static_cast<Spin*>(argument);
    while (!spin->stop.load())
        spin->other_progress.fetch_add(1);
}

} // namespace

KTEST(sched, busy_thread_does_not_starve_an_equal_one) {
    // Both on the same CPU, never yielding: only the timer's time slices let the other run.
    uint32_t target = cpu_count() - 1;
    if (!scheduler_of(target))
        target = 0;
    static Spin spin;
    spin.stop.store(false);
    spin.other_progress.store(0);
    Result<Thread*> busy = create_thread("spinner", spinner, &spin, {.cpu = target});
    Result<Thread*> other = create_thread("counter", counter, &spin, {.cpu = target});
    KASSERT(busy.is_ok() && other.is_ok());
    start(busy.value());
    start(other.value());
    KEXPECT(join(busy.value()).is_ok());
    KEXPECT(join(other.value()).is_ok());
    println("    the other thread counted {} while the spinner spun 200 ms",
            spin.progress_while_spinning.load());
    KEXPECT(spin.progress_while_spinning.load() > 0u);
}
