#include <abi/user_syscalls.h>
#include <helper/protocol.h>
#include <mica/boot_archive.h>
#include <mica/print.h>
#include <mica/startup.h>
#include <support/support.h>

namespace mica::test {

abi::Handle self_process() { return startup_handle(abi::StartupRole::SelfProcess); }
abi::Handle self_address_space() { return startup_handle(abi::StartupRole::SelfAddressSpace); }
abi::Handle root_resource() { return startup_handle(abi::StartupRole::RootResource); }

abi::IpcBuffer& main_ipc_buffer() {
    return *reinterpret_cast<abi::IpcBuffer*>(startup_info()->ipc_buffer);
}

uint64_t now_ns() {
    uint64_t now = 0;
    (void)sys::clock_get(0, &now);
    return now;
}

uint64_t deadline_in(uint64_t nanoseconds) { return now_ns() + nanoseconds; }

void sleep_ns(uint64_t nanoseconds) { (void)sys::thread_sleep(deadline_in(nanoseconds)); }

OwnedHandle make_memory(uint64_t size) {
    abi::Handle raw = kInvalidHandle;
    if (sys::memory_object_create(size, 0, &raw) != Status::Ok)
        return {};
    return OwnedHandle(raw);
}

OwnedHandle make_endpoint() {
    abi::Handle raw = kInvalidHandle;
    if (sys::endpoint_create(0, &raw) != Status::Ok)
        return {};
    return OwnedHandle(raw);
}

OwnedHandle make_notification() {
    abi::Handle raw = kInvalidHandle;
    if (sys::notification_create(0, &raw) != Status::Ok)
        return {};
    return OwnedHandle(raw);
}

OwnedHandle duplicate(abi::Handle handle, Rights rights) {
    abi::Handle raw = kInvalidHandle;
    if (sys::handle_duplicate(handle, rights, &raw) != Status::Ok)
        return {};
    return OwnedHandle(raw);
}

Mapping Mapping::map(abi::Handle memory, uint64_t size, uint64_t flags) {
    Mapping mapping;
    uint64_t address = 0;
    if (sys::address_space_map(self_address_space(), memory, 0, size, 0, flags, &address) ==
        Status::Ok) {
        mapping.m_address = address;
        mapping.m_size = size;
    }
    return mapping;
}

Mapping::~Mapping() {
    if (m_size)
        (void)sys::address_space_unmap(self_address_space(), m_address, m_size);
}

namespace {

// Opened once: the mapping stays for the process's life (BootArchive's own rule).
const BootArchive* boot_archive() {
    static bool opened = false;
    alignas(BootArchive) static uint8_t storage[sizeof(BootArchive)];
    static BootArchive* archive = nullptr;
    if (!opened) {
        opened = true;
        auto result = BootArchive::open();
        if (result.is_error())
            println("tests: cannot open the boot archive: {}", result.error());
        else
            archive = new (storage) BootArchive(result.release_value());
    }
    return archive;
}

} // namespace

SysResult<OwnedHandle> spawn_helper(Span<const StringView> arguments, Span<StartupGrant> grants) {
    const BootArchive* archive = boot_archive();
    if (!archive)
        return SysError{Status::NotFound, "boot archive", "the suite was given none"};
    Bytes file = TRY(archive->file(helper::kProgram));
    return spawn(helper::kProgram, file, grants, arguments);
}

SysResult<OwnedHandle> spawn_helper(StringView mode) {
    StringView arguments[] = {mode};
    return spawn_helper(Span<const StringView>(arguments, 1));
}

int64_t wait_for_exit(abi::Handle process, uint64_t timeout) {
    int64_t code = 0;
    Status status = sys::process_wait(process, deadline_in(timeout), &code);
    if (status == Status::Ok)
        return code;
    println("tests: process_wait: {}; killing the child", abi::status_name(status));
    (void)sys::process_kill(process);
    (void)sys::process_wait(process, deadline_in(timeout), &code);
    return kNoExit;
}

SysResult<EchoServer> start_echo_server() {
    OwnedHandle endpoint = make_endpoint();
    if (!endpoint)
        return SysError{Status::NoMemory, "endpoint_create"};
    OwnedHandle client = TRY(
        endpoint.duplicate(Rights::Write | Rights::Duplicate | Rights::Transfer | Rights::Wait));
    // The server's handle: read to receive, transfer because spawn moves it.
    TRY(endpoint.restrict_rights(Rights::Read | Rights::Transfer));
    StartupGrant grants[] = {{abi::StartupRole::Bootstrap, move(endpoint)}};
    StringView arguments[] = {helper::kModeEcho};
    OwnedHandle process =
        TRY(spawn_helper(Span<const StringView>(arguments, 1), Span<StartupGrant>(grants, 1)));
    return EchoServer{move(process), move(client)};
}

namespace {

uint64_t free_frames() {
    uint64_t value = 0;
    if (sys::system_info(root_resource(), abi::kInfoFreeFrames, &value) != Status::Ok)
        return ~0ull;
    return value;
}

} // namespace

uint64_t stable_free_frames() {
    uint64_t free = free_frames();
    for (int agreeing = 0, i = 0; agreeing < 2 && i < 100; ++i) {
        sleep_ns(5 * kMillisecond);
        uint64_t again = free_frames();
        agreeing = again == free ? agreeing + 1 : 0;
        free = again;
    }
    return free;
}

uint64_t free_frames_reaching(uint64_t target) {
    uint64_t free = free_frames();
    for (int i = 0; i < 100 && free != target; ++i) {
        sleep_ns(5 * kMillisecond);
        free = free_frames();
    }
    return free;
}

abi::SyscallReturn raw_syscall(uint64_t number, uint64_t a0, uint64_t a1, uint64_t a2, uint64_t a3,
                               uint64_t a4, uint64_t a5) {
    return sys::mica_syscall6(number, a0, a1, a2, a3, a4, a5);
}

uint64_t read_only_address() {
    // A function's address: the text segment is mapped read + execute only (user.ld).
    return reinterpret_cast<uint64_t>(&read_only_address) & ~uint64_t(4095);
}

} // namespace mica::test
