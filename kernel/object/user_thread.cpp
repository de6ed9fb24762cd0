#include <arch/interrupts.h>
#include <arch/user_mode.h>
#include <core/panic.h>
#include <object/endpoint.h>
#include <object/process.h>
#include <object/user_thread.h>

namespace mica {

UserThread::UserThread(RefPtr<Process> process, StringView name)
    : Object(abi::ObjectType::Thread), m_process(move(process)) {
    size_t length = min(name.length(), sizeof(m_name) - 1);
    for (size_t i = 0; i < length; ++i)
        m_name[i] = name[i];
}

Result<RefPtr<UserThread>> UserThread::create(RefPtr<Process> process, StringView name) {
    Process& owner = *process;
    RefPtr<UserThread> thread = TRY(make_ref<UserThread>(move(process), name));
    // The kernel thread is detached: it frees itself when it exits, and holds a reference to
    // this object until then (taken in start()).
    sched::ThreadOptions options;
    options.detached = true;
    thread->m_kernel_thread =
        TRY(sched::create_thread(thread->m_name, kernel_entry, thread.get(), options));
    thread->m_kernel_thread->user_thread = thread.get();
    thread->m_fpu.reset();
    if (Result<void> attached = owner.attach(*thread); attached.is_error())
        return attached.error(); // the destructor frees the unstarted kernel thread
    return thread;
}

UserThread::~UserThread() {
    if (!m_started) {
        if (m_kernel_thread)
            sched::destroy_unstarted(m_kernel_thread);
        m_process->detach(*this, false, 0);
    }
}

Result<void> UserThread::start(uintptr_t entry, uintptr_t stack_top, uint64_t argument,
                               uintptr_t ipc_buffer) {
    if (m_started)
        return Error::BadState;
    TRY(m_process->thread_started());
    m_started = true;
    m_entry = entry;
    m_stack_top = stack_top;
    m_argument = argument;
    m_ipc_buffer = ipc_buffer;
    m_kernel_thread->user_table = m_process->address_space().page_table_root();
    m_kernel_thread->fpu = &m_fpu;
    add_ref(); // the running kernel thread's, dropped in exit_current()
    sched::start(m_kernel_thread);
    return {};
}

// The kernel thread's first code: builds the user frame at the top of its own stack and leaves
// for user mode through it. The scheduler activated the process's table on the way in.
void UserThread::kernel_entry(void* argument) {
    auto* self = static_cast<UserThread*>(argument);
    arch::TrapFrame& frame = sched::user_frame(*self->m_kernel_thread);
    arch::UserMode::init_frame(frame, self->m_entry, self->m_stack_top);
    arch::UserMode::set_argument(frame, 0, self->m_argument);
    arch::Interrupts::disable();
    arch::UserMode::enter(frame); // through before_user_return(), like every way out
}

UserThread* UserThread::current() {
    sched::Thread* thread = sched::current_thread();
    return thread ? static_cast<UserThread*>(thread->user_thread) : nullptr;
}

void UserThread::exit_current(int64_t code) {
    UserThread* self = current();
    ASSERT(self);
    arch::Interrupts::enable();
    Endpoint::abandon_ipc(*self);
    {
        // From here the scheduler must not switch this CPU back to the process's table or
        // restore FP state from this object: both may go away below.
        arch::Interrupts::State state = arch::Interrupts::disable();
        self->m_kernel_thread->fpu = nullptr;
        self->m_kernel_thread->user_table = 0;
        self->m_kernel_thread->user_thread = nullptr;
        arch::Interrupts::restore(state);
    }
    self->m_process->detach(*self, true, code);
    self->raise_signals(abi::signal_flags::kTerminated);
    if (self->release())
        heap::destroy(self);
    sched::exit_thread(0);
}

void UserThread::wake() {
    SpinLockGuard guard(m_wait.lock());
    m_wait.wake_all_locked();
}

void UserThread::handle_opened(abi::Rights) { m_process->note_handle_opened(); }

void UserThread::handle_closed(abi::Rights) { m_process->note_handle_closed(); }

bool UserThread::interrupted() const { return m_process->is_dying(); }

} // namespace mica
