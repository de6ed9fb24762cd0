#include <abi/user_syscalls.h>
#include <lib/elf.h>
#include <mica/arch/machine.h>
#include <mica/layout.h>
#include <mica/spawn.h>
#include <string.h>

namespace mica {

namespace {

using abi::Rights;

constexpr size_t kMaxNameBytes = 32; // process_create and thread_create take at most this

// Copies `bytes` into a new memory object of `size` bytes at `offset` and maps it at `address`
// with `flags`. The mapping keeps the memory object alive; our handle closes on return.
SysResult<void> map_copy(abi::Handle address_space, uint64_t address, uint64_t size,
                         uint64_t offset, Bytes bytes, uint64_t flags, const char* what) {
    abi::Handle raw = kInvalidHandle;
    TRY(check(sys::memory_object_create(size, 0, &raw), what));
    OwnedHandle memory(raw);
    if (!bytes.is_empty())
        TRY(check(sys::memory_object_write(memory.get(), offset, bytes.data(), bytes.size()),
                  what));
    uint64_t mapped = 0;
    TRY(check(sys::address_space_map(address_space, memory.get(), 0, size, address,
                                     flags | abi::map_flags::kFixed, &mapped),
              what));
    if (mapped != address)
        return SysError{abi::Status::InvalidArgument, what, "map.fixed mapped elsewhere"};
    return {};
}

SysResult<void> load_segment(abi::Handle address_space, const ElfSegment& segment) {
    if (segment.address < layout::kUserSpaceBase)
        return SysError{abi::Status::OutOfRange, "ELF segment",
                        "lies below the first mappable user address"};
    uint64_t base = layout::page_floor(segment.address);
    uint64_t size = layout::page_ceiling(segment.end()) - base;
    uint64_t flags = (segment.access.read ? abi::map_flags::kRead : 0) |
                     (segment.access.write ? abi::map_flags::kWrite : 0) |
                     (segment.access.execute ? abi::map_flags::kExecute : 0);
    return map_copy(address_space, base, size, segment.address - base, segment.file_bytes, flags,
                    "loading an ELF segment");
}

// Moves `handle` into `process` and records it in the child's startup block.
SysResult<void> grant(abi::Handle process, abi::StartupInfo& info, abi::StartupRole role,
                      OwnedHandle handle) {
    if (info.handle_count == abi::kStartupMaxHandles)
        return SysError{abi::Status::NoResources, "process_grant", "startup block is full"};
    abi::Handle granted = kInvalidHandle;
    TRY(check(sys::process_grant(process, handle.get(), &granted), "process_grant"));
    (void)handle.release(); // it is the child's now
    info.handles[info.handle_count++] = {role, granted};
    return {};
}

SysResult<void> grant_copy(abi::Handle process, abi::StartupInfo& info, abi::StartupRole role,
                           abi::Handle source, Rights rights) {
    abi::Handle copy = kInvalidHandle;
    TRY(check(sys::handle_duplicate(source, rights | Rights::Transfer, &copy),
              "handle_duplicate for the child"));
    return grant(process, info, role, OwnedHandle(copy));
}

SysResult<void> pack_arguments(abi::StartupInfo& info, StringView name,
                               Span<const StringView> arguments) {
    size_t used = 0;
    auto append = [&](StringView argument) -> SysResult<void> {
        if (argument.find('\0') != StringView::kNotFound)
            return SysError{abi::Status::InvalidArgument, "arguments", "an argument holds a NUL"};
        if (argument.length() + 1 > abi::kStartupMaxArguments - used)
            return SysError{abi::Status::OutOfRange, "arguments",
                            "more than the startup block's 256 bytes"};
        memcpy(info.arguments + used, argument.data(), argument.length());
        used += argument.length();
        info.arguments[used++] = '\0';
        return {};
    };
    TRY(append(name));
    for (StringView argument : arguments)
        TRY(append(argument));
    info.argument_bytes = uint32_t(used);
    return {};
}

} // namespace

SysResult<OwnedHandle> spawn(StringView name, Bytes file, Span<StartupGrant> grants,
                             Span<const StringView> arguments, const SpawnOptions& options) {
    // Take the granted handles first, so that every early return below closes them.
    OwnedHandle granted[abi::kStartupMaxHandles];
    if (grants.size() > abi::kStartupMaxHandles - 3)
        return SysError{abi::Status::OutOfRange, "spawn", "more handles than the startup block"};
    for (size_t i = 0; i < grants.size(); ++i)
        granted[i] = move(grants[i].handle);

    uint64_t stack_size = layout::page_ceiling(options.stack_size);
    if (stack_size < layout::kPageSize || stack_size > layout::kMaxStackSize)
        return SysError{abi::Status::OutOfRange, "spawn", "stack size"};

    abi::StartupInfo info;
    memset(&info, 0, sizeof info);
    info.magic = abi::kStartupMagic;
    info.ipc_buffer = layout::kIpcBufferAddress;
    info.boot_archive_size = options.boot_archive_size;
    TRY(pack_arguments(info, name, arguments));

    const char* reason = nullptr;
    auto image = parse_elf(file, arch::kElfMachine, layout::kProgramLimit, &reason);
    if (image.is_error())
        return SysError{status_for(image.error()), "parse_elf", reason};

    StringView short_name = name.substring(0, kMaxNameBytes);
    abi::Handle raw_process = kInvalidHandle;
    abi::Handle raw_address_space = kInvalidHandle;
    TRY(check(sys::process_create(short_name.data(), short_name.length(), 0, &raw_process,
                                  &raw_address_space),
              "process_create"));
    // Until process_start, closing these (on any error below) destroys the unstarted child.
    OwnedHandle process(raw_process);
    OwnedHandle address_space(raw_address_space);

    for (const ElfSegment& segment : image.value().segments())
        TRY(load_segment(address_space.get(), segment));
    TRY(map_copy(address_space.get(), layout::kIpcBufferAddress, layout::kIpcBufferSize, 0, {},
                 abi::map_flags::kRead | abi::map_flags::kWrite, "mapping the IPC buffer"));

    abi::Handle raw_thread = kInvalidHandle;
    TRY(check(
        sys::thread_create(process.get(), short_name.data(), short_name.length(), 0, &raw_thread),
        "thread_create"));
    OwnedHandle thread(raw_thread);

    TRY(grant_copy(process.get(), info, abi::StartupRole::SelfProcess, process.get(),
                   Rights::Manage | Rights::Wait));
    TRY(grant_copy(process.get(), info, abi::StartupRole::SelfAddressSpace, address_space.get(),
                   Rights::Map));
    TRY(grant_copy(process.get(), info, abi::StartupRole::SelfThread, thread.get(),
                   Rights::Manage | Rights::Wait));
    for (size_t i = 0; i < grants.size(); ++i)
        TRY(grant(process.get(), info, grants[i].role, move(granted[i])));

    // The startup block sits at the top of the stack, where the stack pointer starts.
    uint64_t stack_base = layout::kStackTop - stack_size;
    Bytes block(reinterpret_cast<const uint8_t*>(&info), sizeof info);
    TRY(map_copy(address_space.get(), stack_base, stack_size, stack_size - sizeof info, block,
                 abi::map_flags::kRead | abi::map_flags::kWrite, "mapping the stack"));

    TRY(check(sys::process_start(process.get(), thread.get(), image.value().entry(),
                                 layout::kStackTop - sizeof info, kInvalidHandle,
                                 layout::kIpcBufferAddress),
              "process_start"));
    return process;
}

} // namespace mica
