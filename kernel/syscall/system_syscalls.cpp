// clock_get, debug_write, system_info.

#include <core/console.h>
#include <core/cpu_local.h>
#include <object/resource.h>
#include <sched/scheduler.h>
#include <syscall/context.h>
#include <syscall/user_copy.h>
#include <vm/heap_global.h>
#include <vm/physical_memory.h>

namespace mica::syscall {

Status sys_clock_get(uint64_t clock, uint64_t& now) {
    if (clock != 0)
        return Status::InvalidArgument;
    now = sched::now_ns();
    return Status::Ok;
}

Status sys_debug_write(UserIn text, uint64_t size) {
    constexpr uint64_t kMaxSize = 256;
    if (size > kMaxSize)
        return Status::InvalidArgument;
    char buffer[kMaxSize];
    TRY_STATUS(copy_from_user(buffer, text.address, size));
    print("{}", StringView(buffer, size));
    return Status::Ok;
}

Status sys_system_info(Handle resource, uint64_t topic, uint64_t& value) {
    TRY_STATUS(lookup<Resource>(resource, ObjectType::Resource, Rights::Read));
    switch (topic) {
    case kInfoFreeFrames:
        // Empty heap slabs are cached, not used: hand them back first so the figure says what
        // is really free (tests compare it before and after a process's life).
        heap::shrink();
        value = physical_memory::frames().stats().free_frames;
        return Status::Ok;
    case kInfoTotalFrames:
        value = physical_memory::frames().stats().total_frames;
        return Status::Ok;
    case kInfoCpusOnline: value = online_cpu_count(); return Status::Ok;
    case kInfoProcesses: value = Process::live_count(); return Status::Ok;
    }
    return Status::InvalidArgument;
}

} // namespace mica::syscall
