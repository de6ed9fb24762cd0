// thread_create, thread_start, thread_exit, thread_yield, thread_sleep.

#include <sched/scheduler.h>
#include <syscall/context.h>
#include <syscall/user_copy.h>

namespace mica::syscall {

Status sys_thread_create(Handle process, UserIn name, uint64_t name_size, uint64_t options,
                         Handle& thread) {
    if (options != 0 || name_size > 32)
        return Status::InvalidArgument;
    auto owner = TRY_STATUS(lookup<Process>(process, ObjectType::Process, Rights::Manage));
    char buffer[32];
    TRY_STATUS(copy_from_user(buffer, name.address, name_size));
    RefPtr<UserThread> created =
        TRY_STATUS(UserThread::create(move(owner.object), StringView(buffer, name_size)));
    thread = TRY_STATUS(add_handle(move(created), Rights::All));
    return Status::Ok;
}

Status sys_thread_start(Handle thread, uint64_t entry, uint64_t stack_top, uint64_t arg,
                        uint64_t ipc_buffer) {
    auto target = TRY_STATUS(lookup<UserThread>(thread, ObjectType::Thread, Rights::Manage));
    // Only threads of a running process: the first one goes through process_start.
    if (!target.object->process().has_started())
        return Status::BadState;
    return to_status(target.object->start(entry, stack_top, arg, ipc_buffer));
}

void sys_thread_exit() { UserThread::exit_current(0); }

Status sys_thread_yield() {
    sched::yield();
    return Status::Ok;
}

Status sys_thread_sleep(uint64_t deadline) {
    Result<void> slept = current_thread().block_until(deadline, [] { return false; });
    // Reaching the deadline is what a sleep is for.
    if (slept.is_error() &&
        (slept.error() == Error::TimedOut || slept.error() == Error::ShouldWait))
        return Status::Ok;
    return to_status(slept);
}

} // namespace mica::syscall
