#pragma once
// VfsResult<T>: a value or a filesystem Status (mica/protocol/vfs.h). The filesystem service and
// libmica's vfs client both return these, so an error keeps its filesystem meaning ("not a
// directory") all the way from the service to the program. It is the kernel library's result
// template (TRY() works on it) with a status() for code that only wants the status.

#include <lib/result.h>
#include <mica/protocol/vfs.h>

namespace mica::vfs {

using protocol::Status;

template <typename T>
class [[nodiscard]] VfsResult : public ResultOf<T, Status> {
public:
    using ResultOf<T, Status>::ResultOf;

    // Ok or the error: for tests and for code that only wants the status.
    Status status() const { return this->is_ok() ? Status::Ok : this->error(); }
};

} // namespace mica::vfs
