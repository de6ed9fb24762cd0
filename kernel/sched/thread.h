#pragma once
// Kernel threads: creation, start, exit and join.
//
// Ownership: create_thread() returns a Thread the caller owns until it hands it back. A joinable
// thread (the default) is freed by the join() that sees it exit; a detached one
// (ThreadOptions::detached) frees itself: the next thread to run on its CPU frees it once the
// switch away from it is complete, never while its stack is still in use. Either way a Thread is
// freed exactly once. A thread created and never started is freed by destroy_unstarted().

#include <arch/cpu_local.h>
#include <arch/fpu.h>
#include <arch/interrupts.h>
#include <arch/thread_context.h>
#include <arch/trap_frame.h>
#include <core/cpu_local.h>
#include <lib/result.h>
#include <sched/list.h>
#include <sched/thread_types.h>
#include <sched/wait_queue.h>

namespace mica::sched {

// 16 KiB from the frame allocator (order 2), reached through the direct map. There is no guard
// page: the direct map is one contiguous mapping, and carving holes into it would split its
// large pages. Instead the lowest word holds kStackCanary, checked every time the thread is
// switched out, which catches most overflows soon after the fact.
constexpr unsigned kStackOrder = 2;
constexpr size_t kStackSize = size_t{4096} << kStackOrder;
constexpr uint64_t kStackCanary = 0x5ca1ab1e'57acc0deull;
constexpr size_t kThreadNameLength = 24;

struct ThreadOptions {
    unsigned priority = kDefaultPriority; // kMinPriority..kMaxPriority; higher runs first
    uint32_t cpu = kAnyCpu;               // pin to this CPU index, or kAnyCpu
    uint64_t time_slice_ns = kDefaultTimeSliceNs;
    bool detached = false; // frees itself on exit; join() is not allowed
};

struct Thread {
    char name[kThreadNameLength] = {};
    ThreadState state = ThreadState::Created;
    uint8_t priority = kDefaultPriority;
    bool detached = false;
    bool is_idle = false;
    bool is_static = false; // a CPU's first thread: a static record, never freed
    uint64_t time_slice_ns = kDefaultTimeSliceNs;

    // The CPU whose scheduler lock guards this thread's state and run-queue membership: the CPU
    // it runs on, is queued on, or last ran on. Changes only under that lock (work stealing
    // takes both CPUs' locks), so a waker reads it, locks that CPU and checks it again.
    Atomic<uint32_t> cpu{0};
    uint32_t affinity = kAnyCpu; // pinned CPU index, or kAnyCpu

    arch::ThreadContext context;
    uintptr_t stack_base = 0; // 0 for threads on a stack they do not own (main, secondary idle)

    ListLinks<Thread> run_link;  // CpuScheduler::run_queue
    ListLinks<Thread> wait_link; // a WaitQueue
    ListLinks<Thread> timer_link;
    uint64_t timer_deadline = 0;
    uint32_t timer_cpu = 0;   // the CPU whose timer queue holds timer_link
    bool timer_armed = false; // by the thread itself; the entry may have expired since

    // User threads (kernel/object/user_thread.h): the page table of their process and their
    // FP/SIMD registers, which the scheduler switches with the thread; 0 and null for kernel
    // threads, which run on whatever user table the CPU has active and never touch FP/SIMD.
    PhysAddr user_table = 0;
    arch::FpuState* fpu = nullptr;
    void* user_thread = nullptr; // the mica::UserThread it runs, for UserThread::current()

    void (*entry)(void*) = nullptr;
    void* argument = nullptr;
    int exit_code = 0;

    // join(): set (under exit_waiters.lock()) once the thread has exited and no CPU runs on its
    // stack any more.
    bool reapable = false;
    WaitQueue exit_waiters;

    // Statistics for tests and debugging.
    uint64_t switches_in = 0;
    uint32_t last_cpu = 0;
};

inline ListLinks<Thread>& ThreadWaitLink::links(Thread& thread) { return thread.wait_link; }

// A thread that will call entry(argument) with interrupts enabled, then exit_thread(0) if entry
// returns. Not running until start(). Error::InvalidArgument for a bad priority or CPU,
// Error::NoMemory without memory for the Thread or its stack.
Result<Thread*> create_thread(const char* name, void (*entry)(void*), void* argument,
                              ThreadOptions options = {});

// Makes a Created thread runnable: on its pinned CPU, else the least loaded online CPU.
void start(Thread* thread);

// Frees a thread that was created but never started.
void destroy_unstarted(Thread* thread);

// Ends the current thread with `code` (what join() returns).
[[noreturn]] void exit_thread(int code);

// Waits until `thread` exits, then frees it and returns its exit code. Error::TimedOut if
// `timeout_ns` passed first (the thread is still the caller's to join later).
Result<int> join(Thread* thread, uint64_t timeout_ns = kNoTimeout);

// Inline: every syscall asks. Masked, as a thread moved between reading the per-CPU register and
// loading current_thread would read another CPU's.
inline Thread* current_thread() {
    arch::Interrupts::State interrupts = arch::Interrupts::disable();
    Thread* thread = arch::CpuLocalAccess::current()->current_thread;
    arch::Interrupts::restore(interrupts);
    return thread;
}

// Where traps from user mode save a user thread's registers: the very top of its kernel stack.
inline arch::TrapFrame& user_frame(Thread& thread) {
    return *reinterpret_cast<arch::TrapFrame*>(thread.stack_base + kStackSize -
                                               sizeof(arch::TrapFrame));
}

} // namespace mica::sched
