#pragma once
// The small vocabulary shared by threads, wait queues and the scheduler.

#include <lib/types.h>

namespace mica::sched {

enum class ThreadState : uint8_t {
    Created,  // has a stack and a context, not started
    Runnable, // on a run queue
    Running,  // some CPU's current thread
    Blocked,  // on a wait queue (and maybe a timer queue, for its timeout)
    Sleeping, // on a timer queue only
    Exited,   // finished; freed by join() or, if detached, by the next thread on its CPU
};

enum class WakeResult : uint8_t { Woken, TimedOut };

// Every blocking call takes a timeout in nanoseconds: kNoTimeout waits forever, 0 only polls.
constexpr uint64_t kNoTimeout = ~uint64_t{0};
// An absolute time on now_ns() that never comes.
constexpr uint64_t kNoDeadline = ~uint64_t{0};

constexpr unsigned kMinPriority = 0;
constexpr unsigned kMaxPriority = 31;
constexpr unsigned kDefaultPriority = 16;
constexpr uint64_t kDefaultTimeSliceNs = 10'000'000;
constexpr uint32_t kAnyCpu = ~uint32_t{0};

const char* state_name(ThreadState state);

} // namespace mica::sched
