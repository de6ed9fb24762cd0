#include <abi/startup.h>
#include <arch/mmu.h>
#include <arch/user_mode.h>
#include <core/console.h>
#include <core/init_process.h>
#include <core/layout.h>
#include <core/platform_handoff.h>
#include <lib/align.h>
#include <lib/cpio.h>
#include <lib/elf.h>
#include <object/memory_object.h>
#include <object/resource.h>

namespace mica {

namespace {

// Init's stack and IPC buffer, at the top of user space (programs are linked low).
constexpr uint64_t kStackSize = 64 * 1024;
constexpr VirtAddr kStackTop = kUserSpaceEnd - 16 * kPageSize;
constexpr VirtAddr kIpcBuffer = kStackTop - kStackSize - 2 * kPageSize; // a guard page between

constexpr abi::Rights kBootArchiveRights =
    abi::Rights::Read | abi::Rights::Map | abi::Rights::Duplicate | abi::Rights::Transfer;

struct Loaded {
    RefPtr<Process> process;
    RefPtr<UserThread> thread;
    RefPtr<MemoryObject> stack;
    uint64_t entry = 0;
};

Result<Bytes> find_archive(const BootInfo& info) {
    if (info.modules.is_empty())
        return Error::NotFound;
    const BootModule& module = info.modules[0];
    return Bytes(static_cast<const uint8_t*>(arch::EarlyMmu::phys_to_virt(module.base)),
                 module.size);
}

uint64_t map_flags(ElfAccess access) {
    uint64_t flags = abi::map_flags::kRead | abi::map_flags::kFixed;
    if (access.write)
        flags |= abi::map_flags::kWrite;
    if (access.execute)
        flags |= abi::map_flags::kExecute;
    return flags;
}

// One memory object per segment: the file bytes at their place in the page, zeros after.
Result<void> load_segment(AddressSpaceObject& space, const ElfSegment& segment) {
    VirtAddr start = align_down(segment.address, kPageSize);
    uint64_t size = align_up(segment.end(), kPageSize) - start;
    RefPtr<MemoryObject> memory = TRY(MemoryObject::create(size));
    TRY(memory->write(segment.address - start, segment.file_bytes.data(),
                      segment.file_bytes.size()));
    TRY(space.map_memory(memory, abi::Rights::All, 0, size, start, map_flags(segment.access)));
    return {};
}

Result<abi::Handle> grant(Process& process, RefPtr<Object> object, abi::Rights rights) {
    return process.handles().add(HandleEntry(move(object), rights));
}

constexpr abi::Rights kPlatformRights =
    abi::Rights::Read | abi::Rights::Map | abi::Rights::Duplicate | abi::Rights::Transfer;

Result<void> write_startup(Loaded& loaded, Bytes archive, StringView arguments,
                           RefPtr<MemoryObject> archive_copy, PlatformDescription platform) {
    abi::StartupInfo startup{};
    startup.magic = abi::kStartupMagic;
    startup.boot_archive_size = archive.size();
    startup.ipc_buffer = kIpcBuffer;
    Process& process = *loaded.process;
    struct Grant {
        abi::StartupRole role;
        RefPtr<Object> object;
        abi::Rights rights;
    };
    RefPtr<Resource> root = TRY(Resource::create_root());
    Grant grants[] = {
        {abi::StartupRole::SelfProcess, loaded.process, abi::Rights::All},
        {abi::StartupRole::SelfAddressSpace, process.address_space_ref(), abi::Rights::All},
        {abi::StartupRole::SelfThread, loaded.thread, abi::Rights::All},
        {abi::StartupRole::RootResource, move(root), abi::Rights::All},
        {abi::StartupRole::BootArchive, move(archive_copy), kBootArchiveRights},
    };
    for (Grant& item : grants) {
        abi::Handle handle = TRY(grant(process, move(item.object), item.rights));
        startup.handles[startup.handle_count++] = {item.role, handle};
    }
    if (platform.memory) {
        abi::Handle handle = TRY(grant(process, move(platform.memory), kPlatformRights));
        startup.handles[startup.handle_count++] = {abi::StartupRole::PlatformDescription, handle};
        startup.platform_format = platform.format;
        startup.platform_size = platform.size;
    }
    // argv as NUL-separated words.
    uint32_t used = 0;
    for (size_t i = 0; i < arguments.length() && used + 1 < abi::kStartupMaxArguments; ++i)
        startup.arguments[used++] = arguments[i] == ' ' ? '\0' : arguments[i];
    startup.arguments[used++] = '\0';
    startup.argument_bytes = used;
    return loaded.stack->write(kStackSize - sizeof(startup), &startup, sizeof(startup));
}

// Reports why loading failed and passes the error on.
Error fail(StringView what, Error error, const char* reason = nullptr) {
    println("init: {}: {}{}{}", what, error, reason ? ": " : "", reason ? reason : "");
    return error;
}

Result<RefPtr<MemoryObject>> copy_archive(Bytes archive) {
    RefPtr<MemoryObject> copy = TRY(MemoryObject::create(align_up(archive.size(), kPageSize)));
    TRY(copy->write(0, archive.data(), archive.size()));
    return copy;
}

// A machine without a description still boots; init then finds no PlatformDescription.
PlatformDescription platform_description(const BootInfo& info) {
    Result<PlatformDescription> platform = capture_platform_description(info);
    if (platform.is_error()) {
        println("init: no platform description for init: {}", platform.error());
        return {};
    }
    return move(platform.value());
}

Result<Loaded> load_init(const BootInfo& info, Bytes archive, StringView arguments) {
    const char* reason = nullptr;
    Result<CpioArchive> files = CpioArchive::parse(archive, &reason);
    if (files.is_error())
        return fail("the boot archive is not a cpio newc archive", files.error(), reason);
    Result<CpioEntry> file = files.value().find("init");
    if (file.is_error() || !file.value().is_regular_file())
        return fail("the boot archive has no file 'init'", Error::NotFound);
    Result<ElfImage> image = parse_elf(file.value().data, ElfMachine(arch::UserMode::kElfMachine),
                                       kUserSpaceEnd, &reason);
    if (image.is_error())
        return fail("'init' is not a usable executable", image.error(), reason);

    Loaded loaded;
    loaded.process = TRY(Process::create("init"));
    AddressSpaceObject& space = loaded.process->address_space();
    for (const ElfSegment& segment : image.value().segments()) {
        if (Result<void> done = load_segment(space, segment); done.is_error())
            return fail("cannot load a segment of 'init'", done.error());
    }
    loaded.entry = image.value().entry();
    loaded.stack = TRY(MemoryObject::create(kStackSize));
    TRY(space.map_memory(loaded.stack, abi::Rights::All, 0, kStackSize, kStackTop - kStackSize,
                         abi::map_flags::kRead | abi::map_flags::kWrite | abi::map_flags::kFixed));
    RefPtr<MemoryObject> ipc = TRY(MemoryObject::create(kPageSize));
    TRY(space.map_memory(move(ipc), abi::Rights::All, 0, kPageSize, kIpcBuffer,
                         abi::map_flags::kRead | abi::map_flags::kWrite | abi::map_flags::kFixed));
    loaded.thread = TRY(UserThread::create(loaded.process, "init"));
    RefPtr<MemoryObject> archive_copy = TRY(copy_archive(archive));
    TRY(write_startup(loaded, archive, arguments, move(archive_copy), platform_description(info)));
    return loaded;
}

} // namespace

Result<RefPtr<Process>> start_init(const BootInfo& info, StringView arguments) {
    Result<Bytes> archive = find_archive(info);
    if (archive.is_error())
        return fail("no boot archive among the boot modules", archive.error());
    Loaded loaded = TRY(load_init(info, archive.value(), arguments));
    VirtAddr stack_pointer = kStackTop - sizeof(abi::StartupInfo);
    if (Result<void> started = loaded.thread->start(loaded.entry, stack_pointer, 0, kIpcBuffer);
        started.is_error())
        return fail("cannot start", started.error());
    return loaded.process;
}

int64_t wait_for_process(Process& process) {
    sched::WaitQueue queue;
    {
        ScopedSignalObserver observer(process, queue, abi::signal_flags::kTerminated);
        (void)queue.wait_for([&observer] { return observer.triggered(); }, sched::kNoTimeout);
    }
    return process.exit_code();
}

} // namespace mica
