#include <abi/ipc_buffer.h>
#include <abi/user_syscalls.h>
#include <init/disk_recovery_test.h>
#include <lib/string_view.h>
#include <mica/print.h>
#include <mica/protocol/devmgr.h>
#include <mica/startup.h>
#include <mica/vfs.h>

namespace mica::init {

namespace {

constexpr StringView kBeforePath = "/disk/written before the restart.txt";
constexpr StringView kAfterPath = "/disk/written after the restart.txt";
constexpr StringView kBeforeText = "acknowledged by sync, then the driver died\n";
constexpr StringView kAfterText = "written through the restarted driver\n";
// The test run attaches two disks (tools/test/qemu_case.sh): the pattern disk and the FAT32 one.
constexpr uint64_t kBlockDevices = 2;
// How long devmgr may take to notice and restart the drivers (it looks every 20 ms).
constexpr int kAttempts = 200;
constexpr uint64_t kAttemptInterval = 10'000'000; // ns

Bytes bytes_of(StringView text) {
    return Bytes(reinterpret_cast<const uint8_t*>(text.data()), text.length());
}

bool fail(StringView step, vfs::Status status) {
    println("init: disk recovery: FAILED: {}: {}", step, vfs::protocol::status_name(status));
    return false;
}

vfs::VfsResult<void> write_file(vfs::Client& client, StringView path, StringView text) {
    vfs::File file = TRY(vfs::File::open(client, path,
                                         vfs::open_flags::kWrite | vfs::open_flags::kCreate |
                                             vfs::open_flags::kTruncate));
    TRY(file.write(bytes_of(text)));
    TRY(file.close());
    return vfs::sync(client);
}

// Whether `path` holds exactly `text` (Ok with false: it holds something else).
vfs::VfsResult<bool> holds(vfs::Client& client, StringView path, StringView text) {
    vfs::File file = TRY(vfs::File::open(client, path, vfs::open_flags::kRead));
    uint8_t buffer[128];
    size_t length = TRY(file.read(Span<uint8_t>(buffer, sizeof buffer)));
    return StringView(reinterpret_cast<const char*>(buffer), length) == text;
}

// Kills every block driver through devmgr; how many it killed.
uint64_t stop_block_drivers(abi::Handle devmgr) {
    uint64_t stopped = 0;
    for (uint64_t index = 0; index < kBlockDevices; ++index) {
        uint64_t info = 0, status = 0, unused_a = 0, unused_b = 0;
        abi::Status called = sys::endpoint_call(
            devmgr, abi::ipc_info(uint32_t(devmgr::protocol::Operation::StopBlock), 0, 0),
            abi::kDeadlineInfinite, index, 0, 0, &info, &status, &unused_a, &unused_b);
        if (called == abi::Status::Ok && abi::Status(status) == abi::Status::Ok)
            ++stopped;
    }
    return stopped;
}

void pause() {
    uint64_t now = 0;
    (void)sys::clock_get(0, &now);
    (void)sys::thread_sleep(now + kAttemptInterval);
}

} // namespace

bool run_disk_recovery_test(abi::Handle filesystem, abi::Handle devmgr) {
    const abi::StartupInfo* info = startup_info();
    if (filesystem == kInvalidHandle || devmgr == kInvalidHandle || !info || !info->ipc_buffer) {
        println("init: disk recovery: FAILED: no filesystem service or devmgr to test with");
        return false;
    }
    auto connected =
        vfs::Client::connect(filesystem, *reinterpret_cast<abi::IpcBuffer*>(info->ipc_buffer));
    if (connected.is_error())
        return fail("connect", connected.error());
    vfs::Client& client = connected.value();

    if (auto written = write_file(client, kBeforePath, kBeforeText); written.is_error())
        return fail("write and sync before the restart", written.error());
    uint64_t stopped = stop_block_drivers(devmgr);
    if (stopped == 0) {
        println("init: disk recovery: FAILED: devmgr stopped no block driver");
        return false;
    }
    println("init: disk recovery: {} block drivers killed", stopped);

    // The first requests may find the drivers not restarted yet: they fail with an I/O error
    // (never a hang), and a later one reconnects.
    vfs::Status last = vfs::Status::Ok;
    int attempt = 0;
    for (; attempt < kAttempts; ++attempt) {
        auto same = holds(client, kBeforePath, kBeforeText);
        if (same.is_ok()) {
            if (!same.value()) {
                println("init: disk recovery: FAILED: {} changed across the restart", kBeforePath);
                return false;
            }
            break;
        }
        last = same.error();
        pause();
    }
    if (attempt == kAttempts)
        return fail("read back after the restart", last);

    if (auto written = write_file(client, kAfterPath, kAfterText); written.is_error())
        return fail("write and sync after the restart", written.error());
    auto after = holds(client, kAfterPath, kAfterText);
    if (after.is_error() || !after.value())
        return fail("read back the file written after the restart", after.status());
    const StringView written[] = {kBeforePath, kAfterPath};
    for (StringView path : written) {
        if (auto removed = vfs::unlink(client, path); removed.is_error())
            return fail("remove the test files", removed.error());
    }
    if (auto synced = vfs::sync(client); synced.is_error())
        return fail("final sync", synced.error());
    println("init: disk recovery: passed: acknowledged data survived the driver restart "
            "({} failed attempts while devmgr restarted it)",
            attempt);
    return true;
}

} // namespace mica::init
