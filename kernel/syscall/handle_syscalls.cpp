// handle_close, handle_duplicate, handle_replace, handle_info, object_wait.

#include <syscall/context.h>

namespace mica::syscall {

namespace {

bool is_subset(abi::Rights subset, abi::Rights of) { return (subset & of) == subset; }

} // namespace

Status sys_handle_close(Handle handle) {
    HandleEntry closed =
        TRY_STATUS(current_process().handles().take(handle, ObjectType::None, Rights::None));
    return Status::Ok; // `closed` closes here, outside the table's lock
}

Status sys_handle_duplicate(Handle handle, Rights rights, Handle& new_handle) {
    HandleView view =
        TRY_STATUS(current_process().handles().get(handle, ObjectType::None, Rights::Duplicate));
    if (!is_subset(rights, view.rights))
        return Status::AccessDenied;
    new_handle = TRY_STATUS(add_handle(move(view.object), rights, view.badge));
    return Status::Ok;
}

Status sys_handle_replace(Handle handle, Rights rights, Handle& new_handle) {
    HandleTable& table = current_process().handles();
    HandleEntry old = TRY_STATUS(table.take(handle, ObjectType::None, Rights::None));
    if (!is_subset(rights, old.rights()))
        return Status::AccessDenied; // the old handle is gone either way (abi/mica.abi)
    HandleView view = old.view();
    old.reset();
    new_handle = TRY_STATUS(table.add(HandleEntry(move(view.object), rights, view.badge)));
    return Status::Ok;
}

Status sys_handle_info(Handle handle, ObjectType& type, Rights& rights) {
    HandleView view =
        TRY_STATUS(current_process().handles().get(handle, ObjectType::None, Rights::None));
    type = view.object->type();
    rights = view.rights;
    return Status::Ok;
}

Status sys_object_wait(Handle handle, uint64_t signals, uint64_t deadline, uint64_t& observed) {
    HandleView view =
        TRY_STATUS(current_process().handles().get(handle, ObjectType::None, Rights::Wait));
    constexpr uint64_t kKnown =
        signal_flags::kTerminated | signal_flags::kPending | signal_flags::kPeerClosed;
    if (signals == 0 || (signals & ~kKnown))
        return Status::InvalidArgument;
    Result<void> waited = current_thread().wait_for_signals(*view.object, signals, deadline);
    observed = view.object->signals();
    return to_status(waited);
}

} // namespace mica::syscall
