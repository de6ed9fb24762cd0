// The direct switch under IPC (WaitQueue::take_locked + wait_until_locked's handoff, i.e.
// detail::schedule_to): two threads pass a turn back and forth, each taking the other off its
// wait queue and blocking with it as the handoff. On one CPU that is the direct switch; across
// CPUs the fallback (a normal wakeup). Every turn must arrive, none twice, and both threads end.
// Also: a handoff whose own wait ends at once still wakes the thread handed to.

#include "test_support.h"

#include <core/spinlock.h>

using namespace mica;
using namespace mica::sched;

namespace {

constexpr uint64_t kRounds = 2000;

struct Side {
    WaitQueue queue;
    Atomic<bool> turn{false};
    Thread* thread = nullptr;
    uint64_t turns = 0;
};

struct Game {
    Side sides[2];
    Atomic<uint32_t> started{0};
};

// The other side's wait condition is made true, then the other side is taken off its queue (if
// it is blocked there) and handed this CPU by the next wait.
Thread* give_turn(Side& other) NO_THREAD_SAFETY_ANALYSIS {
    other.turn.store(true, MemoryOrder::Release);
    SpinLockGuard guard(other.queue.lock());
    return other.queue.take_locked(other.thread) ? other.thread : nullptr;
}

void play(Game& game, Side& me, Side& other) NO_THREAD_SAFETY_ANALYSIS {
    Thread* handoff = nullptr;
    for (uint64_t round = 0; round < kRounds; ++round) {
        {
            SpinLockGuard guard(me.queue.lock());
            while (!me.turn.load(MemoryOrder::Acquire)) {
                (void)me.queue.wait_until_locked(kNoDeadline, handoff);
                handoff = nullptr;
            }
        }
        if (handoff) { // the turn was already here: wake the other side the usual way
            wake_thread(handoff);
            handoff = nullptr;
        }
        me.turn.store(false, MemoryOrder::Relaxed);
        ++me.turns;
        handoff = give_turn(other);
    }
    if (handoff)
        wake_thread(handoff);
    game.started.fetch_add(1);
}

void play_first(void* argument) {
    auto& game = *static_cast<Game*>(argument);
    play(game, game.sides[0], game.sides[1]);
}

void play_second(void* argument) {
    auto& game = *static_cast<Game*>(argument);
    play(game, game.sides[1], game.sides[0]);
}

// Both sides play kRounds turns, pinned to `first_cpu` and `second_cpu`.
void check_ping_pong(ktest::Context& ktest_context, uint32_t first_cpu, uint32_t second_cpu) {
    static Game game;
    game.sides[0].turn.store(true);
    game.sides[1].turn.store(false);
    game.sides[0].turns = game.sides[1].turns = 0;
    game.started.store(0);
    Result<Thread*> first = create_thread("handoff/a", play_first, &game, {.cpu = first_cpu});
    KASSERT(first.is_ok());
    Result<Thread*> second = create_thread("handoff/b", play_second, &game, {.cpu = second_cpu});
    if (second.is_error())
        destroy_unstarted(first.value());
    KASSERT(second.is_ok());
    game.sides[0].thread = first.value();
    game.sides[1].thread = second.value();
    uint64_t switches = test::context_switches();
    start(first.value());
    start(second.value());
    KEXPECT(join(first.value()).is_ok());
    KEXPECT(join(second.value()).is_ok());
    KEXPECT_EQ(game.sides[0].turns, kRounds);
    KEXPECT_EQ(game.sides[1].turns, kRounds);
    KEXPECT_EQ(game.started.load(), 2u);
    // On one CPU every turn is a switch between the two (across CPUs a turn may arrive before
    // its side blocks).
    if (first_cpu == second_cpu)
        KEXPECT(test::context_switches() - switches >= 2 * kRounds - 1);
}

} // namespace

KTEST(sched_handoff, ping_pong_on_one_cpu_switches_directly) {
    check_ping_pong(ktest_context, 0, 0);
}

KTEST(sched_handoff, ping_pong_across_cpus_falls_back_to_wakeups) {
    if (online_cpu_count() < 2) {
        println("    one CPU: nothing to cross");
        return;
    }
    check_ping_pong(ktest_context, 0, 1);
}

namespace {

struct Sleeper {
    WaitQueue queue;
    Atomic<bool> go{false};
};

void wait_for_go(void* argument) NO_THREAD_SAFETY_ANALYSIS {
    auto& sleeper = *static_cast<Sleeper*>(argument);
    SpinLockGuard guard(sleeper.queue.lock());
    while (!sleeper.go.load(MemoryOrder::Acquire))
        (void)sleeper.queue.wait_until_locked(kNoDeadline);
}

} // namespace

KTEST(sched_handoff, a_wait_that_ends_at_once_still_wakes_its_handoff) NO_THREAD_SAFETY_ANALYSIS {
    static Sleeper sleeper;
    sleeper.go.store(false);
    Result<Thread*> thread = create_thread("handoff/sleeper", wait_for_go, &sleeper, {.cpu = 0});
    KASSERT(thread.is_ok());
    start(thread.value());
    // Until it is blocked on its queue (it runs on CPU 0 like this test, or did already).
    bool taken = false;
    while (!taken) {
        {
            SpinLockGuard guard(sleeper.queue.lock());
            if (sleeper.queue.has_waiters()) {
                sleeper.go.store(true, MemoryOrder::Release);
                taken = sleeper.queue.take_locked(thread.value());
            }
        }
        if (!taken)
            sleep_ns(1'000'000);
    }
    // A deadline in the past: the wait returns TimedOut at once, and must wake the sleeper.
    WaitQueue mine;
    {
        SpinLockGuard guard(mine.lock());
        KEXPECT(mine.wait_until_locked(1, thread.value()) == WakeResult::TimedOut);
    }
    KEXPECT(join(thread.value(), 10'000'000'000ull).is_ok());
}
