#pragma once
// The IPC direct switch (docs/performance.md, "IPC fast path"): a thread that wakes its IPC
// partner and then blocks itself gives the CPU straight to the partner, instead of putting it on
// the run queue, blocking, and letting the scheduler pick it off the queue again.
//
//   endpoint_call:           message to a waiting server -> take_waiting(server) -> the caller
//                            blocks for the reply with the server as its handoff
//   endpoint_reply_and_wait: reply to a blocked caller -> take_waiting(caller) -> the server
//                            blocks for the next call with the caller as its handoff
//
// take_waiting() is the first half of a wakeup (the thread's wait ends as woken), the handoff the
// second: sched::detail::schedule_to() switches at once when the partner is blocked on this CPU
// and nothing more important is runnable, else it wakes the partner as usual. A handoff thread is
// woken on every path, also when the blocking wait ends at once (condition already true, the
// process being killed, a deadline that has passed).

#include <object/process.h>
#include <object/user_thread.h>
#include <sched/scheduler.h>

namespace mica::ipc_handoff {

// `thread`'s kernel thread, taken off its wait queue, if it is blocked there (null when it has
// not blocked yet, or was woken already: then it sees its condition without help). The caller
// made the thread's wait condition true first and now owes it a wakeup: a handoff or
// sched::wake_thread().
inline sched::Thread* take_waiting(UserThread& thread) {
    sched::WaitQueue& queue = thread.wait_queue();
    SpinLockGuard guard(queue.lock());
    sched::Thread* kernel_thread = thread.kernel_thread();
    return queue.take_locked(kernel_thread) ? kernel_thread : nullptr;
}

// Wakes a handoff thread that no blocking wait took (null: nothing to do).
inline void release(sched::Thread* handoff) {
    if (handoff)
        sched::wake_thread(handoff);
}

// UserThread::block_until() (same results, same lock), with `handoff` (null: none) given the CPU
// when this thread first blocks, and woken in every case.
template <typename Condition>
Result<void> block_until(UserThread& self, uint64_t deadline, Condition condition,
                         sched::Thread* handoff) {
    sched::WaitQueue& queue = self.wait_queue();
    Result<void> result;
    {
        SpinLockGuard guard(queue.lock());
        for (;;) {
            if (condition())
                break;
            if (self.process().is_dying()) {
                result = Error::Interrupted;
                break;
            }
            if (deadline == abi::kDeadlineNow) {
                result = Error::ShouldWait;
                break;
            }
            uint64_t until = deadline == abi::kDeadlineInfinite ? sched::kNoDeadline : deadline;
            sched::WakeResult woke = queue.wait_until_locked(until, handoff);
            handoff = nullptr; // woken or switched to by the wait
            if (woke == sched::WakeResult::TimedOut) {
                if (!condition())
                    result = Error::TimedOut;
                break;
            }
        }
    }
    release(handoff);
    return result;
}

} // namespace mica::ipc_handoff
