#pragma once
// A UserThread: the object behind a thread handle. It owns a kernel thread (sched::Thread) that
// enters user mode with its TrapFrame at the top of its kernel stack, the thread's FP/SIMD state
// and its IPC state.
//
// Blocking: every wait of a user thread (IPC, object_wait, sleep) blocks on the thread's own
// wait queue through block_until(), with a condition others make true before they wake() it.
// Killing the process wakes the queue too, and the wait then ends with Error::Interrupted, so
// no user thread can stay blocked in the kernel once its process is being killed.

#include <abi/mica_abi.h>
#include <arch/fpu.h>
#include <lib/string_view.h>
#include <object/ipc_message.h>
#include <object/object.h>
#include <sched/list.h>
#include <sched/thread.h>

namespace mica {

class Process;
class Endpoint;

// A caller's progress through endpoint_call (endpoint.cpp has the transitions).
enum class CallState : uint8_t {
    Idle,
    Queued,        // on an endpoint's caller queue (the endpoint's lock guards this)
    AwaitingReply, // a server took the message
    Replying,      // the server is filling in the reply
    Replied,
    Failed,    // the server died or closed before replying (peer_closed)
    Cancelled, // the caller gave up (deadline, kill); a late reply is dropped
};

// Atomic<CallState> (the atomic builtins take integers, not enums).
class AtomicCallState {
public:
    CallState load(MemoryOrder order = MemoryOrder::SequentiallyConsistent) const {
        return CallState(m_value.load(order));
    }
    void store(CallState state, MemoryOrder order = MemoryOrder::SequentiallyConsistent) {
        m_value.store(uint8_t(state), order);
    }
    CallState exchange(CallState state) { return CallState(m_value.exchange(uint8_t(state))); }
    bool compare_exchange(CallState expected, CallState desired) {
        uint8_t raw = uint8_t(expected);
        return m_value.compare_exchange(raw, uint8_t(desired));
    }

private:
    Atomic<uint8_t> m_value{uint8_t(CallState::Idle)};
};

class UserThread final : public Object {
public:
    static Result<RefPtr<UserThread>> create(RefPtr<Process> process, StringView name);
    ~UserThread() override;

    // Starts the thread in user mode. Error::BadState if started before.
    Result<void> start(uintptr_t entry, uintptr_t stack_top, uint64_t argument,
                       uintptr_t ipc_buffer);

    // The user thread running on this CPU (null on a kernel thread).
    static UserThread* current();
    // Ends the calling thread: releases its IPC obligations, leaves its process (the last
    // thread ends the process with `code`) and exits the kernel thread.
    [[noreturn]] static void exit_current(int64_t code);

    // Blocks until condition() holds (Ok), the deadline passes (TimedOut; deadline_now polls:
    // ShouldWait) or the process is being killed (Interrupted).
    template <typename Condition>
    Result<void> block_until(uint64_t deadline, Condition condition);
    // block_until() one of the `wanted` signals is raised on `object`.
    Result<void> wait_for_signals(Object& object, uint64_t wanted, uint64_t deadline) {
        ScopedSignalObserver observer(object, m_wait, wanted);
        return block_until(deadline, [&observer] { return observer.triggered(); });
    }
    void wake();
    sched::WaitQueue& wait_queue() { return m_wait; }

    Process& process() const { return *m_process; }
    // A handle to a thread keeps its process as reachable as a handle to the process does.
    void handle_opened(abi::Rights) override;
    void handle_closed(abi::Rights) override;
    const char* name() const { return m_name; }
    uintptr_t ipc_buffer() const { return m_ipc_buffer; }
    sched::Thread* kernel_thread() const { return m_kernel_thread; }

    // IPC state (endpoint.cpp).
    IpcMessage outbox; // what this thread sends (call or reply)
    IpcMessage inbox;  // what it received (a call, a reply or notification bits)
    AtomicCallState call_state;
    Atomic<bool> received{false};               // a receive was satisfied (inbox holds it)
    RefPtr<UserThread> reply_to;                // the caller this server thread owes a reply
    sched::ListLinks<UserThread> endpoint_link; // an endpoint's caller or receiver queue
    sched::ListLinks<UserThread> process_link;  // its process's thread list

    UserThread(RefPtr<Process> process, StringView name);

private:
    static void kernel_entry(void* thread);
    bool interrupted() const;

    RefPtr<Process> m_process;
    char m_name[sched::kThreadNameLength] = {};
    sched::Thread* m_kernel_thread = nullptr;
    bool m_started = false;
    uintptr_t m_entry = 0;
    uintptr_t m_stack_top = 0;
    uint64_t m_argument = 0;
    uintptr_t m_ipc_buffer = 0;
    arch::FpuState m_fpu;
    sched::WaitQueue m_wait;
};

struct UserThreadEndpointLink {
    static sched::ListLinks<UserThread>& links(UserThread& thread) { return thread.endpoint_link; }
};
struct UserThreadProcessLink {
    static sched::ListLinks<UserThread>& links(UserThread& thread) { return thread.process_link; }
};

// An abi deadline (absolute ns) to a wait: deadline_now polls.
template <typename Condition>
Result<void> UserThread::block_until(uint64_t deadline, Condition condition) {
    SpinLockGuard guard(m_wait.lock());
    for (;;) {
        if (condition())
            return {};
        if (interrupted())
            return Error::Interrupted;
        if (deadline == abi::kDeadlineNow)
            return Error::ShouldWait;
        uint64_t until = deadline == abi::kDeadlineInfinite ? sched::kNoDeadline : deadline;
        if (m_wait.wait_until_locked(until) == sched::WakeResult::TimedOut) {
            if (condition())
                return {};
            return Error::TimedOut;
        }
    }
}

} // namespace mica
