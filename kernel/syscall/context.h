#pragma once
// What every syscall needs: the calling thread and process, handle lookups narrowed to the
// object type, and the mapping from kernel errors to ABI statuses.

#include <abi/kernel_syscalls.h>
#include <object/process.h>
#include <object/user_thread.h>

namespace mica::syscall {

abi::Status to_status(Error error);

inline abi::Status to_status(const Result<void>& result) {
    return result.is_ok() ? abi::Status::Ok : to_status(result.error());
}

// Inline (UserThread::current() without the call): every syscall asks, and a syscall always
// runs on a user thread.
inline UserThread& current_thread() {
    return *static_cast<UserThread*>(sched::current_thread()->user_thread);
}
inline Process& current_process() { return current_thread().process(); }

// A handle of the calling process, checked for type and rights.
template <typename T>
struct Lookup {
    RefPtr<T> object;
    abi::Rights rights;
    uint64_t badge;
};

template <typename T>
Result<Lookup<T>> lookup(abi::Handle handle, abi::ObjectType type, abi::Rights needed) {
    HandleView view = TRY(current_process().handles().get(handle, type, needed));
    return Lookup<T>{downcast<T>(move(view.object)), view.rights, view.badge};
}

// Adds a new handle to the calling process's table.
inline Result<abi::Handle> add_handle(RefPtr<Object> object, abi::Rights rights,
                                      uint64_t badge = 0) {
    return current_process().handles().add(HandleEntry(move(object), rights, badge));
}

// Unwraps a Result inside a sys_* function: returns its error as a status.
#define TRY_STATUS(expression)                                                                     \
    ({                                                                                             \
        auto _try_result = (expression);                                                           \
        if (_try_result.is_error())                                                                \
            return ::mica::syscall::to_status(_try_result.error());                                \
        _try_result.release_value();                                                               \
    })

} // namespace mica::syscall
