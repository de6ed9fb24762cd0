#pragma once
// An event threads wait for and others (or interrupt handlers) signal.
//   - ManualReset: stays signaled until reset(); signal() releases every waiter.
//   - AutoReset: signal() releases exactly one waiter, or, with none waiting, lets the next
//     wait() through at once; each signal is consumed once.

#include <sched/thread_types.h>
#include <sched/wait_queue.h>

namespace mica::sched {

enum class EventMode : uint8_t { ManualReset, AutoReset };

class Event {
public:
    explicit Event(EventMode mode, bool signaled = false) : m_mode(mode), m_signaled(signaled) {}
    Event(const Event&) = delete;
    Event& operator=(const Event&) = delete;

    void signal();
    void reset();
    // Woken once signaled (and, for AutoReset, the signal taken); TimedOut when `timeout_ns`
    // passed first (kNoTimeout: never; 0: only looks).
    WakeResult wait(uint64_t timeout_ns = kNoTimeout);
    bool is_signaled();

private:
    EventMode m_mode;
    bool m_signaled; // guarded by m_waiters.lock()
    WaitQueue m_waiters;
};

} // namespace mica::sched
