// Thread life cycle: priorities, join, exit codes, and a create/destroy stress with no leak.

#include "test_support.h"

#include <sched/event.h>
#include <vm/heap_global.h>
#include <vm/kernel_heap.h>
#include <vm/physical_memory.h>

using namespace mica;
using namespace mica::sched;

namespace {

struct Order {
    Atomic<uint32_t> next{0};
    uint32_t position[3] = {};
};
Order g_order;

void record(void* argument) {
    auto slot = reinterpret_cast<uintptr_t>(argument);
    g_order.position[slot] = g_order.next.fetch_add(1);
}

} // namespace

KTEST(sched, higher_priority_runs_first) {
    // Pinned to this thread's CPU below its priority, so none runs until it blocks in join();
    // then they must run highest first.
    uint32_t here = current_thread()->last_cpu;
    unsigned mine = current_thread()->priority;
    KASSERT(mine >= 4);
    g_order.next.store(0);
    Result<Thread*> low = create_thread("low", record, reinterpret_cast<void*>(0),
                                        {.priority = mine - 3, .cpu = here});
    Result<Thread*> middle = create_thread("middle", record, reinterpret_cast<void*>(1),
                                           {.priority = mine - 2, .cpu = here});
    Result<Thread*> high = create_thread("high", record, reinterpret_cast<void*>(2),
                                         {.priority = mine - 1, .cpu = here});
    KASSERT(low.is_ok() && middle.is_ok() && high.is_ok());
    start(low.value());
    start(middle.value());
    start(high.value());
    KEXPECT(join(low.value()).is_ok());
    KEXPECT(join(middle.value()).is_ok());
    KEXPECT(join(high.value()).is_ok());
    KEXPECT_EQ(g_order.position[2], 0u);
    KEXPECT_EQ(g_order.position[1], 1u);
    KEXPECT_EQ(g_order.position[0], 2u);
}

KTEST(sched, higher_priority_preempts_at_once) {
    static Atomic<bool> ran{false};
    ran.store(false);
    uint32_t here = current_thread()->last_cpu;
    Result<Thread*> urgent = create_thread("urgent", [](void*) { ran.store(true); }, nullptr,
                                           {.priority = kMaxPriority, .cpu = here});
    KASSERT(urgent.is_ok());
    start(urgent.value());
    KEXPECT(ran.load()); // it ran before start() returned
    KEXPECT(join(urgent.value()).is_ok());
}

KTEST(sched, join_returns_the_exit_code) {
    Result<Thread*> by_exit = create_thread(
        "exit", [](void*) { exit_thread(42); }, nullptr);
    Result<Thread*> by_return = create_thread(
        "return", [](void*) {}, nullptr);
    KASSERT(by_exit.is_ok() && by_return.is_ok());
    start(by_exit.value());
    start(by_return.value());
    Result<int> exited = join(by_exit.value());
    KASSERT(exited.is_ok());
    KEXPECT_EQ(exited.value(), 42);
    Result<int> returned = join(by_return.value());
    KASSERT(returned.is_ok());
    KEXPECT_EQ(returned.value(), 0);
}

KTEST(sched, join_times_out_on_a_running_thread) {
    static Event release(EventMode::ManualReset);
    release.reset();
    Result<Thread*> waiting = create_thread(
        "waiting", [](void*) { (void)release.wait(kNoTimeout); }, nullptr);
    KASSERT(waiting.is_ok());
    start(waiting.value());
    KEXPECT(join(waiting.value(), 2'000'000).is_error());
    release.signal();
    Result<int> code = join(waiting.value(), 1'000'000'000);
    KEXPECT(code.is_ok());
}

KTEST(sched, bad_options_are_errors) {
    KEXPECT(create_thread("x", nullptr, nullptr).is_error());
    KEXPECT(create_thread("x", [](void*) {}, nullptr, {.priority = kMaxPriority + 1}).is_error());
    KEXPECT(create_thread("x", [](void*) {}, nullptr, {.cpu = cpu_count()}).is_error());
    Result<Thread*> never = create_thread(
        "never", [](void*) {}, nullptr);
    KASSERT(never.is_ok());
    destroy_unstarted(never.value());
}

namespace {

Atomic<uint64_t> g_stress_cpus{0};
Atomic<uint64_t> g_stress_runs{0};

void stress_body(void*) {
    g_stress_cpus.fetch_or(uint64_t{1} << current_thread()->last_cpu);
    g_stress_runs.fetch_add(1);
}

uint64_t heap_pages_after_shrink() {
    heap::shrink();
    return kernel_heap::pages_in_use();
}

} // namespace

KTEST(sched, create_and_destroy_many_threads_without_leaks) {
    constexpr size_t kTotal = 2000;
    constexpr size_t kBatch = 40;
    uint64_t heap_before = heap_pages_after_shrink();
    uint64_t free_before = physical_memory::frames().stats().free_frames;
    g_stress_cpus.store(0);
    g_stress_runs.store(0);

    // Every other batch is spread over all CPUs (creation here, exit and reaping there); the
    // rest go wherever the scheduler places them.
    for (size_t done = 0, batch = 0; done < kTotal; done += kBatch, ++batch) {
        auto placement = batch % 2 ? test::Placement::Spread : test::Placement::AsOptions;
        KASSERT(test::run_threads(kBatch, stress_body, nullptr, {}, placement));
    }

    KEXPECT_EQ(g_stress_runs.load(), uint64_t(kTotal));
    KEXPECT_EQ(heap_pages_after_shrink(), heap_before);
    KEXPECT_EQ(physical_memory::frames().stats().free_frames, free_before);
    println("    {} threads ran on {} CPUs", kTotal, test::cpus_in(g_stress_cpus.load()));
    KEXPECT_EQ(test::cpus_in(g_stress_cpus.load()), online_cpu_count());
}
