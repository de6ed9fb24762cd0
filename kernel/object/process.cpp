#include <arch/timer.h>
#include <lib/string_view.h>
#include <object/process.h>

namespace mica {

namespace {
Atomic<uint64_t> g_live_processes{0};
Atomic<uint64_t> g_created{0};
} // namespace

Process::Process(StringView name, uint64_t seed)
    : Object(abi::ObjectType::Process), m_handles(seed) {
    size_t length = min(name.length(), kNameLength);
    for (size_t i = 0; i < length; ++i)
        m_name[i] = name[i];
}

Result<RefPtr<Process>> Process::create(StringView name) {
    // Handle tags only need to differ between processes and runs, not to be secret from the
    // kernel: the clock and a counter will do.
    uint64_t seed = arch::Clock::now_ns() * 0x9e37'79b9'7f4a'7c15ull +
                    g_created.fetch_add(1, MemoryOrder::Relaxed);
    RefPtr<Process> process = TRY(make_ref<Process>(name, seed));
    process->m_address_space = TRY(AddressSpaceObject::create());
    g_live_processes.fetch_add(1, MemoryOrder::Relaxed);
    return process;
}

Process::~Process() {
    // A process that never started (or whose kill raced its start) still counts as live until
    // here, and may still hold handles.
    bool ended;
    {
        SpinLockGuard guard(m_lock);
        ended = m_ended;
        m_ended = true;
    }
    if (!ended)
        g_live_processes.fetch_sub(1, MemoryOrder::Relaxed);
}

uint64_t Process::live_count() { return g_live_processes.load(MemoryOrder::Relaxed); }

Result<void> Process::attach(UserThread& thread) {
    SpinLockGuard guard(m_lock);
    if (m_ended || is_dying())
        return Error::BadState;
    m_threads.push_back(&thread);
    return {};
}

Result<void> Process::thread_started() {
    SpinLockGuard guard(m_lock);
    if (m_ended || is_dying())
        return Error::BadState;
    ++m_running;
    m_started.store(true, MemoryOrder::Release);
    return {};
}

void Process::detach(UserThread& thread, bool was_running, int64_t code) {
    bool last;
    {
        SpinLockGuard guard(m_lock);
        if (m_threads.contains(&thread))
            m_threads.remove(&thread);
        if (was_running)
            --m_running;
        last = m_running == 0 && m_started.load(MemoryOrder::Relaxed) && !m_ended;
        if (last)
            m_ended = true;
    }
    if (!last)
        return;
    bool unset = false;
    if (m_code_set.compare_exchange(unset, true))
        m_exit_code.store(code, MemoryOrder::Release);
    end();
}

void Process::kill(int64_t code) {
    bool unset = false;
    if (m_code_set.compare_exchange(unset, true))
        m_exit_code.store(code, MemoryOrder::Release);
    m_dying.store(true, MemoryOrder::SequentiallyConsistent);
    bool end_now;
    {
        SpinLockGuard guard(m_lock);
        for (UserThread* thread = m_threads.front(); thread; thread = m_threads.next(thread))
            thread->wake();
        end_now = m_running == 0 && !m_ended;
        if (end_now)
            m_ended = true;
    }
    if (end_now)
        end();
}

void Process::note_handle_opened() { m_handles_to_self.fetch_add(1, MemoryOrder::Relaxed); }

void Process::note_handle_closed() {
    m_handles_to_self.fetch_sub(1, MemoryOrder::AcquireRelease);
    end_if_unreachable();
}

void Process::note_granted_to_self() {
    {
        SpinLockGuard guard(m_lock);
        if (m_started.load(MemoryOrder::Relaxed))
            return;
        ++m_granted_to_self;
    }
    // The granter may have closed its last handle between moving this one and counting it.
    end_if_unreachable();
}

void Process::end_if_unreachable() {
    if (m_started.load(MemoryOrder::Acquire))
        return; // the common case: a running process ends through its threads or a kill
    bool unreachable;
    {
        SpinLockGuard guard(m_lock);
        unreachable = m_granted_to_self != 0 && !m_started.load(MemoryOrder::Relaxed) && !m_ended &&
                      m_handles_to_self.load(MemoryOrder::Acquire) == m_granted_to_self;
    }
    if (unreachable)
        kill(static_cast<int64_t>(abi::kExitKilled));
}

// Runs once, in thread context: closing handles and unmapping may block.
void Process::end() {
    m_handles.clear();
    m_address_space->clear();
    g_live_processes.fetch_sub(1, MemoryOrder::Relaxed);
    raise_signals(abi::signal_flags::kTerminated);
}

} // namespace mica
