// interrupt_create, interrupt_bind, interrupt_ack, mmio_range_create, system_power.
// (The x86_64-only I/O port syscalls live in kernel/arch/x86_64/syscalls/.)

#include <arch/power.h>
#include <core/console.h>
#include <object/interrupt_object.h>
#include <object/mmio_range.h>
#include <object/notification.h>
#include <object/resource.h>
#include <syscall/context.h>

namespace mica::syscall {

Status sys_interrupt_create(Handle resource, uint32_t line, uint64_t options, Handle& interrupt) {
    if (options != 0)
        return Status::InvalidArgument;
    TRY_STATUS(lookup<Resource>(resource, ObjectType::Resource, Rights::Manage));
    RefPtr<InterruptObject> created = TRY_STATUS(InterruptObject::create(line));
    interrupt = TRY_STATUS(add_handle(move(created), Rights::All));
    return Status::Ok;
}

Status sys_interrupt_bind(Handle interrupt, Handle notification, uint64_t bits) {
    auto target =
        TRY_STATUS(lookup<InterruptObject>(interrupt, ObjectType::Interrupt, Rights::Manage));
    auto sink =
        TRY_STATUS(lookup<Notification>(notification, ObjectType::Notification, Rights::Signal));
    if (bits == 0)
        return Status::InvalidArgument;
    target.object->bind(move(sink.object), bits);
    return Status::Ok;
}

Status sys_interrupt_ack(Handle interrupt) {
    auto target =
        TRY_STATUS(lookup<InterruptObject>(interrupt, ObjectType::Interrupt, Rights::Write));
    target.object->acknowledge();
    return Status::Ok;
}

Status sys_mmio_range_create(Handle resource, uint64_t physical_address, uint64_t size,
                             Handle& mmio_range) {
    TRY_STATUS(lookup<Resource>(resource, ObjectType::Resource, Rights::Manage));
    RefPtr<MmioRange> created = TRY_STATUS(MmioRange::create(physical_address, size));
    mmio_range = TRY_STATUS(add_handle(move(created), Rights::Read | Rights::Write | Rights::Map |
                                                          Rights::Duplicate | Rights::Transfer));
    return Status::Ok;
}

Status sys_system_power(Handle resource, uint64_t action) {
    TRY_STATUS(lookup<Resource>(resource, ObjectType::Resource, Rights::Manage));
    if (action == power_flags::kOff) {
        println("system: powered off by '{}'", current_process().name());
        arch::Power::shutdown(true);
    }
    if (action == power_flags::kReboot) {
        println("system: reboot by '{}'", current_process().name());
        arch::Power::reboot();
    }
    return Status::InvalidArgument;
}

} // namespace mica::syscall
