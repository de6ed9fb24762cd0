// process_create, process_start, process_exit, process_wait, process_kill, process_grant.

#include <object/address_space_object.h>
#include <syscall/context.h>
#include <syscall/user_copy.h>

namespace mica::syscall {

namespace {

constexpr uint64_t kMaxNameSize = 32;

Result<StringView> copy_name(UserIn name, uint64_t size, char (&buffer)[kMaxNameSize]) {
    if (size > kMaxNameSize)
        return Error::InvalidArgument;
    TRY(copy_from_user(buffer, name.address, size));
    return StringView(buffer, size);
}

// Whether `object` is `process` or one of its threads: held in that process's own table, such a
// handle keeps it alive from inside.
bool names_process(Object* object, Process& process) {
    if (object == &process)
        return true;
    return object->type() == ObjectType::Thread &&
           &static_cast<UserThread*>(object)->process() == &process;
}

} // namespace

Status sys_process_create(UserIn name, uint64_t name_size, uint64_t options, Handle& process,
                          Handle& address_space) {
    if (options != 0)
        return Status::InvalidArgument;
    char buffer[kMaxNameSize];
    StringView view = TRY_STATUS(copy_name(name, name_size, buffer));
    RefPtr<Process> created = TRY_STATUS(Process::create(view));
    RefPtr<AddressSpaceObject> space = created->address_space_ref();
    process = TRY_STATUS(add_handle(move(created), Rights::All));
    Result<Handle> space_handle = add_handle(move(space), Rights::All);
    if (space_handle.is_error()) {
        (void)sys_handle_close(process);
        return to_status(space_handle.error());
    }
    address_space = space_handle.value();
    return Status::Ok;
}

Status sys_process_start(Handle process, Handle thread, uint64_t entry, uint64_t stack_top,
                         Handle arg, uint64_t ipc_buffer) {
    auto target = TRY_STATUS(lookup<Process>(process, ObjectType::Process, Rights::Manage));
    auto first = TRY_STATUS(lookup<UserThread>(thread, ObjectType::Thread, Rights::Manage));
    if (&first.object->process() != target.object.get())
        return Status::InvalidArgument;
    if (target.object->has_started())
        return Status::BadState;
    uint64_t argument = 0;
    if (arg != kHandleInvalid) {
        HandleTable& table = current_process().handles();
        HandleEntry moved = TRY_STATUS(table.take(arg, ObjectType::None, Rights::Transfer));
        Result<Handle> granted = target.object->handles().add(move(moved));
        if (granted.is_error())
            return to_status(granted.error());
        argument = granted.value();
    }
    return to_status(first.object->start(entry, stack_top, argument, ipc_buffer));
}

void sys_process_exit(int64_t code) {
    current_process().kill(code);
    UserThread::exit_current(code);
}

Status sys_process_wait(Handle process, uint64_t deadline, int64_t& code) {
    auto target = TRY_STATUS(lookup<Process>(process, ObjectType::Process, Rights::Wait));
    Result<void> waited =
        current_thread().wait_for_signals(*target.object, signal_flags::kTerminated, deadline);
    if (waited.is_error())
        return to_status(waited.error());
    code = target.object->exit_code();
    return Status::Ok;
}

Status sys_process_kill(Handle process) {
    auto target = TRY_STATUS(lookup<Process>(process, ObjectType::Process, Rights::Manage));
    target.object->kill(static_cast<int64_t>(kExitKilled));
    return Status::Ok;
}

Status sys_process_grant(Handle process, Handle handle, Handle& granted) {
    auto target = TRY_STATUS(lookup<Process>(process, ObjectType::Process, Rights::Manage));
    HandleTable& table = current_process().handles();
    // Checked before taking, so a full target table leaves the handle where it was.
    (void)TRY_STATUS(table.get(handle, ObjectType::None, Rights::Transfer));
    if (target.object->handles().count() >= HandleTable::kSlots)
        return Status::NoResources;
    HandleEntry moved = TRY_STATUS(table.take(handle, ObjectType::None, Rights::Transfer));
    bool names_target = names_process(moved.object(), *target.object);
    granted = TRY_STATUS(target.object->handles().add(move(moved)));
    if (names_target)
        target.object->note_granted_to_self();
    return Status::Ok;
}

} // namespace mica::syscall
