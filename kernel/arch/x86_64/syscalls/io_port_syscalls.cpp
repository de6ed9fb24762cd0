// The x86_64-only syscalls io_port_range_create and io_port_access (abi/mica.abi): ports reach
// ring 3 only through an IoPortRange handle, and only for the process that asked
// (io_permission.h).

#include "io_permission.h"
#include "io_port_range.h"

#include <object/resource.h>
#include <syscall/context.h>

namespace mica::syscall {

Status sys_io_port_range_create(Handle resource, uint32_t base, uint32_t count,
                                Handle& io_port_range) {
    TRY_STATUS(lookup<Resource>(resource, ObjectType::Resource, Rights::Manage));
    RefPtr<IoPortRange> created = TRY_STATUS(IoPortRange::create(base, count));
    io_port_range = TRY_STATUS(add_handle(move(created), Rights::Read | Rights::Write |
                                                             Rights::Duplicate | Rights::Transfer));
    return Status::Ok;
}

Status sys_io_port_access(Handle io_port_range, uint64_t enable) {
    auto range = TRY_STATUS(
        lookup<IoPortRange>(io_port_range, ObjectType::IoPortRange, Rights::Read | Rights::Write));
    if (enable > 1)
        return Status::InvalidArgument;
    TRY_STATUS(arch::io_permission::set_ports(current_process(), range.object->base(),
                                              range.object->count(), enable == 1));
    return Status::Ok;
}

} // namespace mica::syscall
