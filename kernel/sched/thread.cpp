#include <arch/interrupts.h>
#include <arch/mmu.h>
#include <core/panic.h>
#include <sched/internal.h>
#include <vm/heap_global.h>
#include <vm/physical_memory.h>

namespace mica::sched {

using namespace detail;

const char* state_name(ThreadState state) {
    switch (state) {
    case ThreadState::Created: return "created";
    case ThreadState::Runnable: return "runnable";
    case ThreadState::Running: return "running";
    case ThreadState::Blocked: return "blocked";
    case ThreadState::Sleeping: return "sleeping";
    case ThreadState::Exited: return "exited";
    }
    return "unknown";
}

Result<Thread*> create_thread(const char* name, void (*entry)(void*), void* argument,
                              ThreadOptions options) {
    if (!entry || options.priority > kMaxPriority || options.time_slice_ns == 0)
        return Error::InvalidArgument;
    if (options.cpu != kAnyCpu && options.cpu >= cpu_count())
        return Error::InvalidArgument;

    Thread* thread = TRY(heap::make<Thread>());
    Result<PhysAddr> stack = physical_memory::allocate(kStackOrder);
    if (stack.is_error()) {
        heap::destroy(thread);
        return stack.error();
    }
    thread->stack_base = reinterpret_cast<uintptr_t>(arch::EarlyMmu::phys_to_virt(stack.value()));
    *reinterpret_cast<uint64_t*>(thread->stack_base) = kStackCanary;

    size_t length = 0;
    for (; name && name[length] && length + 1 < kThreadNameLength; ++length)
        thread->name[length] = name[length];
    thread->priority = uint8_t(options.priority);
    thread->time_slice_ns = options.time_slice_ns;
    thread->affinity = options.cpu;
    thread->detached = options.detached;
    thread->cpu.store(options.cpu == kAnyCpu ? 0 : options.cpu, MemoryOrder::Relaxed);
    thread->entry = entry;
    thread->argument = argument;
    // The top of the stack is kept for the user TrapFrame (user_frame()), which a user thread's
    // traps from user mode save there while its kernel frames sit below.
    arch::ThreadContext::prepare(thread->context,
                                 thread->stack_base + kStackSize - sizeof(arch::TrapFrame),
                                 thread_start, thread);
    return thread;
}

void destroy_unstarted(Thread* thread) {
    ASSERT(thread->state == ThreadState::Created);
    free_thread(thread);
}

void exit_thread(int code) {
    arch::Interrupts::disable();
    CpuLocal& self_cpu = this_cpu();
    Thread* self = self_cpu.current_thread;
    ASSERT(!self->is_idle);
    self->exit_code = code;
    {
        SpinLockGuard guard(self_cpu.scheduler->lock);
        self->state = ThreadState::Exited;
    }
    schedule();
    panic("sched: exited thread '{}' was resumed", self->name);
}

Result<int> join(Thread* thread, uint64_t timeout_ns) {
    ASSERT(thread && !thread->detached && thread != current_thread());
    if (thread->state == ThreadState::Created)
        return Error::InvalidArgument; // would wait forever
    WakeResult result =
        thread->exit_waiters.wait_for([thread] { return thread->reapable; }, timeout_ns);
    if (result == WakeResult::TimedOut)
        return Error::TimedOut;
    // reapable was set under exit_waiters' lock by the CPU that switched away from the thread,
    // after that switch; wait_for took the same lock after it, so nothing touches it any more.
    int code = thread->exit_code;
    free_thread(thread);
    return code;
}

namespace detail {

void free_thread(Thread* thread) {
    if (thread->is_static)
        return;
    if (thread->stack_base != 0) {
        PhysAddr stack = arch::EarlyMmu::virt_to_phys(reinterpret_cast<void*>(thread->stack_base));
        if (physical_memory::free(stack, kStackOrder).is_error())
            panic("sched: thread '{}': its stack was not an allocated block", thread->name);
    }
    heap::destroy(thread);
}

void reap_exited(Thread* thread) {
    if (thread->detached) {
        free_thread(thread);
        return;
    }
    SpinLockGuard guard(thread->exit_waiters.lock());
    thread->reapable = true;
    thread->exit_waiters.wake_all_locked();
    // Nothing may touch `thread` after the guard lets go: the joiner may free it at once.
}

void thread_start(void* argument) {
    finish_switch();
    Thread* self = static_cast<Thread*>(argument);
    arch::Interrupts::enable();
    self->entry(self->argument);
    exit_thread(0);
}

} // namespace detail

} // namespace mica::sched
