#include <arch/interrupts.h>
#include <arch/mmu.h>
#include <arch/thread_context.h>
#include <arch/timer.h>
#include <arch/user_mode.h>
#include <core/panic.h>
#include <core/smp.h>
#include <lib/format.h>
#include <sched/internal.h>

// The per-CPU scheduler. The switch protocol, the lock order and the balancing policy are
// described in README.md; the comments here say why each step is where it is.

namespace mica::sched {

using namespace detail;

namespace {

constexpr uint32_t kNoCpu = ~uint32_t{0};

// Bit per CPU whose current thread is its idle thread: where to send work to steal.
Atomic<uint64_t> g_idle_cpus{0};

CpuScheduler& local() { return *here().scheduler; }

// Called with s.lock held whenever the queue or the current thread changed, so other CPUs'
// racy reads (placement, stealing, idle kicks) see the new picture.
void publish_locked(CpuScheduler& s, Thread* current) REQUIRES(s.lock) {
    s.queued.store(uint32_t(s.run_queue.size()), MemoryOrder::Relaxed);
    bool busy = current != s.idle;
    if (s.busy.exchange(busy, MemoryOrder::Relaxed) == busy)
        return;
    uint64_t bit = uint64_t{1} << s.index;
    if (busy)
        g_idle_cpus.fetch_and(~bit, MemoryOrder::Relaxed);
    else
        g_idle_cpus.fetch_or(bit, MemoryOrder::Relaxed);
}

// This CPU's one-shot timer goes off at the earliest of its timer queue and the end of the
// current slice. An idle CPU has no slice, so with no timers pending it takes no ticks at all.
// Only an earlier deadline than the armed one is programmed, unless `exact` (the timer interrupt,
// which also repairs whatever tests did to the timer): a slice end that moves later on every
// switch leaves the timer alone, and timer_interrupt() re-arms when it fires early.
void rearm_timer_locked(CpuScheduler& s, Thread* current, bool exact = false) REQUIRES(s.lock) {
    uint64_t deadline = s.timers.next_deadline();
    if (current != s.idle)
        deadline = min(deadline, s.slice_end_ns);
    if (!exact && deadline >= s.armed_deadline)
        return;
    s.armed_deadline = deadline;
    if (deadline == kNoDeadline)
        arch::Timer::cancel();
    else
        arch::Timer::set_deadline(deadline);
}

void enqueue_locked(CpuScheduler& s, Thread* thread) REQUIRES(s.lock) {
    thread->state = ThreadState::Runnable;
    thread->cpu.store(s.index, MemoryOrder::Relaxed);
    s.run_queue.enqueue(thread);
    s.queued.store(uint32_t(s.run_queue.size()), MemoryOrder::Relaxed);
}

// Another idle CPU than `busy_cpu` and this one, to come and steal, or kNoCpu.
uint32_t idle_cpu_other_than(uint32_t busy_cpu) {
    uint64_t mask = g_idle_cpus.load(MemoryOrder::Relaxed);
    mask &= ~(uint64_t{1} << busy_cpu);
    mask &= ~(uint64_t{1} << here().index);
    return mask ? uint32_t(__builtin_ctzll(mask)) : kNoCpu;
}

// `thread` was just queued on `s`: preempt there if it should run before what runs there now,
// else wake an idle CPU to steal it.
void notify_locked(CpuScheduler& s, Thread* thread) REQUIRES(s.lock) {
    Thread* current = s.cpu_local->current_thread;
    bool here = s.index == detail::here().index;
    if (current == s.idle || thread->priority > current->priority) {
        s.need_resched.store(true, MemoryOrder::Relaxed);
        if (!here)
            smp::send_ipi(s.index, smp::kIpiReschedule);
        return;
    }
    if (thread->affinity != kAnyCpu)
        return;
    if (uint32_t idle = idle_cpu_other_than(s.index); idle != kNoCpu)
        smp::send_ipi(idle, smp::kIpiReschedule);
}

void wake_locked(CpuScheduler& s, Thread* thread) REQUIRES(s.lock) {
    if (thread->state != ThreadState::Blocked && thread->state != ThreadState::Sleeping)
        return; // already woken: by its timeout, or by a waker that beat the timeout
    if (s.cpu_local->current_thread == thread) {
        // It marked itself blocked but has not switched away yet (interrupts are masked on its
        // CPU until it does): it simply keeps running.
        thread->state = ThreadState::Running;
        return;
    }
    enqueue_locked(s, thread);
    notify_locked(s, thread);
}

// Moves one thread that may run here from the CPU with the most waiting threads. Takes the two
// run-queue locks in CPU-index order, the only place two are held at once.
bool try_steal(CpuScheduler& self) NO_THREAD_SAFETY_ANALYSIS {
    CpuScheduler* victim = nullptr;
    uint32_t most = 0;
    for (uint32_t i = 0; i < cpu_count(); ++i) {
        CpuScheduler* other = scheduler_of(i);
        if (!other || other == &self)
            continue;
        // Queued behind a busy CPU means waiting; on an idle CPU one of them is about to run.
        uint32_t queued = other->queued.load(MemoryOrder::Relaxed);
        uint32_t waiting = other->busy.load(MemoryOrder::Relaxed) ? queued
                           : queued > 0                           ? queued - 1
                                                                  : 0;
        if (waiting > most) {
            most = waiting;
            victim = other;
        }
    }
    if (!victim)
        return false;

    CpuScheduler& first = self.index < victim->index ? self : *victim;
    CpuScheduler& second = self.index < victim->index ? *victim : self;
    first.lock.acquire();
    second.lock.acquire();
    // Everything on a run queue is fully switched out: a CPU holds its own lock from queuing
    // the thread it leaves until the switch away from it is complete.
    Thread* thread = victim->run_queue.find_highest([&](Thread* candidate) {
        return candidate->affinity == kAnyCpu || candidate->affinity == self.index;
    });
    if (thread) {
        victim->run_queue.remove(thread);
        victim->queued.store(uint32_t(victim->run_queue.size()), MemoryOrder::Relaxed);
        enqueue_locked(self, thread);
        self.steals.fetch_add(1, MemoryOrder::Relaxed);
    }
    second.lock.release();
    first.lock.release();
    return thread != nullptr;
}

// The idle thread: interrupts stay masked except inside wait_for_interrupt(), so the check
// "nothing to run" and the halt cannot lose a wakeup (a remote wakeup always sends an IPI to an
// idle CPU, which stays pending until the halt).
[[noreturn]] void idle_loop() {
    for (;;) {
        CpuScheduler& s = local();
        if (s.queued.load(MemoryOrder::Relaxed) == 0)
            try_steal(s);
        if (s.queued.load(MemoryOrder::Relaxed) != 0 || s.need_resched.load(MemoryOrder::Relaxed)) {
            schedule();
            continue;
        }
        arch::Interrupts::wait_for_interrupt();
    }
}

void idle_start(void*) {
    finish_switch();
    idle_loop();
}

void set_name(Thread* thread, const char* prefix, uint32_t index) {
    format_to_buffer(thread->name, sizeof thread->name, "{}/{}", prefix, index);
}

// Static, not from the heap: secondary CPUs enter the scheduler while the boot CPU already runs
// threads, and a CPU's own records must not depend on anything that can fail or contend there.
CpuScheduler g_schedulers[kMaxCpus];
Thread g_first_threads[kMaxCpus]; // what each CPU was running when it entered the scheduler

CpuScheduler* init_scheduler(uint32_t index) {
    CpuScheduler* s = &g_schedulers[index];
    s->index = index;
    s->cpu_local = &cpu(index);
    return s;
}

// A thread record for code already running on a stack it does not own (the boot flow on CPU 0,
// the start-up code of a secondary CPU).
Thread* adopt_running_code(uint32_t cpu_index) {
    Thread* thread = &g_first_threads[cpu_index];
    thread->state = ThreadState::Running;
    thread->is_static = true;
    thread->cpu.store(cpu_index, MemoryOrder::Relaxed);
    thread->affinity = cpu_index;
    thread->last_cpu = cpu_index;
    return thread;
}

// New threads go to the least loaded online CPU (queued + running), preferring the creator's CPU
// on a tie: spreading at creation costs nothing later, while leaving it to stealing would first
// make the creator's CPU run them in turn.
uint32_t placement_for(const Thread* thread) {
    if (thread->affinity != kAnyCpu)
        return thread->affinity;
    uint32_t best = here().index;
    CpuScheduler& here = local();
    uint32_t best_load = here.queued.load(MemoryOrder::Relaxed) + 1; // + the creator, running
    for (uint32_t i = 0; i < cpu_count() && best_load > 0; ++i) {
        CpuScheduler* s = scheduler_of(i);
        if (!s || i == best)
            continue;
        uint32_t load = s->queued.load(MemoryOrder::Relaxed) + s->busy.load(MemoryOrder::Relaxed);
        if (load < best_load) {
            best = i;
            best_load = load;
        }
    }
    return best;
}

void publish_scheduler(CpuLocal& self, CpuScheduler* s) {
    __atomic_store_n(&self.scheduler, s, __ATOMIC_RELEASE);
}

} // namespace

CpuScheduler* scheduler_of(uint32_t cpu_index) {
    return __atomic_load_n(&cpu(cpu_index).scheduler, __ATOMIC_ACQUIRE);
}

uint64_t now_ns() { return arch::Clock::now_ns(); }

uint64_t deadline_after(uint64_t timeout_ns) {
    if (timeout_ns == kNoTimeout)
        return kNoDeadline;
    uint64_t now = now_ns();
    return timeout_ns >= kNoDeadline - now ? kNoDeadline - 1 : now + timeout_ns;
}

void init_boot_cpu() {
    arch::Interrupts::State interrupts = arch::Interrupts::disable();
    CpuLocal& self = here();
    ASSERT(self.index == 0 && self.scheduler == nullptr);
    CpuScheduler* s = init_scheduler(0);

    Thread* main = adopt_running_code(0);
    format_to_buffer(main->name, sizeof main->name, "main");
    // kernel_main ends with exit_thread() and nobody joins it.
    main->detached = true;

    Result<Thread*> idle = create_thread("idle/0", idle_start, nullptr, {.cpu = 0});
    if (idle.is_error())
        panic("sched: no memory for cpu 0's idle thread: {}", idle.error());
    // Its own entry, not thread_start's: the idle loop keeps interrupts masked.
    arch::ThreadContext::prepare(idle.value()->context, idle.value()->stack_base + kStackSize,
                                 idle_start, nullptr);
    idle.value()->is_idle = true;
    idle.value()->state = ThreadState::Runnable; // never queued: chosen when the queue is empty
    s->idle = idle.value();

    self.current_thread = main;
    {
        SpinLockGuard guard(s->lock);
        s->slice_end_ns = now_ns() + main->time_slice_ns;
        publish_locked(*s, main);
        rearm_timer_locked(*s, main);
    }
    publish_scheduler(self, s);
    arch::Interrupts::restore(interrupts);
}

void run_secondary(CpuLocal& self) {
    arch::Interrupts::disable();
    CpuScheduler* s = init_scheduler(self.index);
    Thread* idle = adopt_running_code(self.index);
    set_name(idle, "idle", self.index);
    idle->is_idle = true;
    s->idle = idle;
    self.current_thread = idle;
    {
        SpinLockGuard guard(s->lock);
        s->busy.store(true, MemoryOrder::Relaxed); // so publish_locked records the change
        publish_locked(*s, idle);
        rearm_timer_locked(*s, idle);
    }
    publish_scheduler(self, s);
    idle_loop();
}

void start(Thread* thread) {
    ASSERT(thread->state == ThreadState::Created);
    arch::Interrupts::State interrupts = arch::Interrupts::disable();
    CpuScheduler* s = scheduler_of(placement_for(thread));
    if (!s)
        panic("sched: thread '{}' is pinned to cpu {}, which is not running", thread->name,
              thread->affinity);
    {
        SpinLockGuard guard(s->lock);
        enqueue_locked(*s, thread);
        notify_locked(*s, thread);
    }
    arch::Interrupts::restore(interrupts);
    preempt_point();
}

void timer_interrupt() {
    CpuScheduler* s = here().scheduler;
    if (!s)
        return;
    SpinLockGuard guard(s->lock);
    uint64_t now = now_ns();
    while (Thread* thread = s->timers.pop_expired(now)) {
        // A thread that moved on (woken, then run elsewhere) is not this CPU's to wake; it takes
        // its stale entry off itself, and a popped entry is simply gone.
        if (thread->cpu.load(MemoryOrder::Relaxed) == s->index)
            wake_locked(*s, thread);
    }
    Thread* current = here().current_thread;
    if (current != s->idle && now >= s->slice_end_ns) {
        // Round robin among equals; a lower priority never takes the CPU from a higher one.
        if (s->run_queue.highest_priority() >= int(current->priority))
            s->need_resched.store(true, MemoryOrder::Relaxed);
        // A fresh slice either way: the switch sets its own, and if the switch is put off
        // (interrupts were masked in a nested path) the timer must not fire back at once.
        s->slice_end_ns = now + current->time_slice_ns;
    }
    rearm_timer_locked(*s, current, true);
}

void reschedule_ipi() {
    if (CpuScheduler* s = here().scheduler)
        s->need_resched.store(true, MemoryOrder::Relaxed);
}

void preempt_if_needed() {
    CpuLocal& self = here();
    CpuScheduler* s = self.scheduler;
    if (!s || self.interrupt_depth != 0 || !s->need_resched.load(MemoryOrder::Relaxed))
        return;
    schedule();
}

void yield() {
    arch::Interrupts::State interrupts = arch::Interrupts::disable();
    schedule();
    arch::Interrupts::restore(interrupts);
}

void sleep_until(uint64_t deadline_ns) {
    ASSERT(deadline_ns != kNoDeadline);
    arch::Interrupts::State interrupts = arch::Interrupts::disable();
    if (now_ns() < deadline_ns) {
        Thread* self = here().current_thread;
        prepare_to_block(ThreadState::Sleeping, deadline_ns);
        schedule();
        cancel_timer(self);
    }
    arch::Interrupts::restore(interrupts);
}

void sleep_ns(uint64_t duration_ns) {
    if (duration_ns != 0)
        sleep_until(deadline_after(duration_ns));
}

void wake_thread(Thread* thread) {
    arch::Interrupts::State interrupts = arch::Interrupts::disable();
    for (;;) {
        uint32_t index = thread->cpu.load(MemoryOrder::Relaxed);
        CpuScheduler& s = *scheduler_of(index);
        SpinLockGuard guard(s.lock);
        // Stolen between the read and the lock: its state is now guarded by the other CPU.
        if (thread->cpu.load(MemoryOrder::Relaxed) != index)
            continue;
        wake_locked(s, thread);
        break;
    }
    arch::Interrupts::restore(interrupts);
}

namespace detail {

namespace {

// prepare_to_block() under the scheduler lock it already holds.
void block_locked(CpuScheduler& s, Thread* self, ThreadState state, uint64_t deadline_ns)
    REQUIRES(s.lock) {
    self->state = state;
    if (deadline_ns != kNoDeadline) {
        self->timer_deadline = deadline_ns;
        self->timer_cpu = s.index;
        self->timer_armed = true;
        s.timers.insert(self);
        // Only when it is the new earliest; schedule() re-arms anyway on the way out.
        if (s.timers.next_deadline() == deadline_ns)
            rearm_timer_locked(s, self);
    }
}

} // namespace

void prepare_to_block(ThreadState state, uint64_t deadline_ns) {
    CpuLocal& cpu = here();
    CpuScheduler& s = *cpu.scheduler;
    Thread* self = cpu.current_thread;
    ASSERT(!self->is_idle);
    SpinLockGuard guard(s.lock);
    block_locked(s, self, state, deadline_ns);
}

void cancel_armed_timer(Thread* self) {
    self->timer_armed = false;
    CpuScheduler& s = *scheduler_of(self->timer_cpu);
    SpinLockGuard guard(s.lock);
    if (s.timers.contains(self))
        s.timers.remove(self);
}

// What a user thread takes along beyond its kernel registers: its FP/SIMD state (the kernel never
// touches those registers, so they still hold `previous`'s), its page table, and the kernel stack
// its next trap from user mode lands on.
void switch_user_state(CpuLocal& self, Thread* previous, Thread* next) {
    if (previous->fpu)
        previous->fpu->save();
    if (next->fpu)
        next->fpu->restore();
    if (next->user_table && next->user_table != self.active_user_table) {
        arch::Mmu::activate_user_table(next->user_table);
        self.active_user_table = next->user_table;
    }
    if (next->stack_base)
        arch::UserMode::set_kernel_stack(next->stack_base + kStackSize);
}

void schedule() NO_THREAD_SAFETY_ANALYSIS {
    CpuLocal& self = here();
    CpuScheduler& s = *self.scheduler;
    s.lock.acquire();
    s.need_resched.store(false, MemoryOrder::Relaxed);
    Thread* previous = self.current_thread;
    // Preempted or yielding (or woken before it got here): it stays runnable, behind its equals.
    if (previous->state == ThreadState::Running && previous != s.idle)
        enqueue_locked(s, previous);

    Thread* next = s.run_queue.dequeue_highest();
    if (!next)
        next = s.idle;
    uint64_t now = now_ns();
    s.slice_end_ns = now + next->time_slice_ns;
    if (next == previous) {
        previous->state = ThreadState::Running;
        publish_locked(s, previous);
        rearm_timer_locked(s, previous);
        s.lock.release();
        return;
    }

    if (previous->stack_base != 0 &&
        *reinterpret_cast<const uint64_t*>(previous->stack_base) != kStackCanary)
        panic("sched: thread '{}' overflowed its {} KiB stack", previous->name, kStackSize >> 10);

    next->state = ThreadState::Running;
    next->cpu.store(s.index, MemoryOrder::Relaxed);
    next->last_cpu = s.index;
    ++next->switches_in;
    self.current_thread = next;
    publish_locked(s, next);
    rearm_timer_locked(s, next);
    s.context_switches.fetch_add(1, MemoryOrder::Relaxed);

    switch_user_state(self, previous, next);

    // The lock stays held across the switch: until `previous` is fully saved nobody may take it
    // off the run queue (stealing) or wake it here. The thread we resume releases it.
    s.previous = previous;
    arch::ThreadContext::switch_to(previous->context, next->context);
    // Back in `previous`, later, maybe on another CPU.
    finish_switch();
}

namespace {

// `next` Blocked with this CPU's index is fully switched out here (this CPU held its lock until
// the switch away from it completed) and nobody else may make it run: its waker, the current
// thread, took it off its wait queue. Nothing of higher priority may be waiting for this CPU.
bool can_switch_directly_locked(CpuScheduler& s, Thread* next) REQUIRES(s.lock) {
    return next->state == ThreadState::Blocked && next->cpu.load(MemoryOrder::Relaxed) == s.index &&
           s.run_queue.highest_priority() <= int(next->priority);
}

// The direct switch from the blocked `previous` to `next`, with s.lock held (released on the far
// side, finish_switch()). The rest of the slice passes to `next` with the CPU: slice_end_ns, the
// timer and the published load (neither thread is the idle one, the run queue is unchanged) stay
// as they are.
void switch_directly_locked(CpuLocal& self, CpuScheduler& s, Thread* previous,
                            Thread* next) NO_THREAD_SAFETY_ANALYSIS {
    if (previous->stack_base != 0 &&
        *reinterpret_cast<const uint64_t*>(previous->stack_base) != kStackCanary)
        panic("sched: thread '{}' overflowed its {} KiB stack", previous->name, kStackSize >> 10);
    next->state = ThreadState::Running;
    next->last_cpu = s.index;
    ++next->switches_in;
    self.current_thread = next;
    s.context_switches.fetch_add(1, MemoryOrder::Relaxed);
    switch_user_state(self, previous, next);
    s.previous = previous;
    arch::ThreadContext::switch_to(previous->context, next->context);
    finish_switch();
}

} // namespace

void schedule_to(Thread* next) NO_THREAD_SAFETY_ANALYSIS {
    CpuLocal& self = here();
    CpuScheduler& s = *self.scheduler;
    s.lock.acquire();
    Thread* previous = self.current_thread;
    // The current thread still Blocked means no wakeup came in between (else it would keep
    // running: schedule() is right then).
    if (previous->state != ThreadState::Blocked || !can_switch_directly_locked(s, next)) {
        s.lock.release();
        wake_thread(next);
        schedule();
        return;
    }
    switch_directly_locked(self, s, previous, next);
}

bool block_and_switch_to(Thread* next, uint64_t deadline_ns,
                         SpinLock& queue_lock) NO_THREAD_SAFETY_ANALYSIS {
    CpuLocal& self = here();
    CpuScheduler& s = *self.scheduler;
    Thread* previous = self.current_thread;
    ASSERT(!previous->is_idle);
    s.lock.acquire();
    if (!can_switch_directly_locked(s, next)) {
        s.lock.release();
        return false;
    }
    block_locked(s, previous, ThreadState::Blocked, deadline_ns);
    // A waker takes the queue lock, then this CPU's lock: it waits until the switch is done.
    queue_lock.release();
    switch_directly_locked(self, s, previous, next);
    return true;
}

void finish_switch() NO_THREAD_SAFETY_ANALYSIS {
    CpuScheduler& s = local();
    Thread* previous = s.previous;
    s.previous = nullptr;
    // Read before the unlock: once released, a thread that did not exit may run elsewhere, exit
    // there and be freed.
    bool exited = previous && previous->state == ThreadState::Exited;
    s.lock.release();
    if (exited)
        reap_exited(previous);
}

void preempt_point() {
    if (!arch::Interrupts::are_enabled())
        return;
    arch::Interrupts::State interrupts = arch::Interrupts::disable();
    CpuScheduler* s = here().scheduler;
    if (s && s->need_resched.load(MemoryOrder::Relaxed))
        schedule();
    arch::Interrupts::restore(interrupts);
}

} // namespace detail

} // namespace mica::sched
