// devmgr and the virtio-blk driver, end to end: the device list names what QEMU was given, and a
// block device found through devmgr writes, flushes and reads back. The test run attaches a 1 MiB
// raw disk whose first bytes the test script wrote (tools/test/qemu_case.sh: "MICA-TEST-DISK\n"
// repeated), as virtio-blk-pci (tools/qemu/run.sh --disk).

#include <framework/test.h>
#include <mica/block.h>
#include <mica/protocol/devmgr.h>
#include <mica/startup.h>
#include <string.h>
#include <support/support.h>

using namespace mica;
using namespace mica::test;

namespace {

abi::Handle devmgr_endpoint() { return startup_handle(abi::StartupRole::DeviceManager); }

// The whole device list, or an empty view if devmgr does not answer.
StringView device_list(char* text, size_t capacity) {
    size_t length = 0;
    for (;;) {
        uint64_t info = 0, status = 0, total = 0, bytes = 0;
        Status called = sys::endpoint_call(
            devmgr_endpoint(),
            abi::ipc_info(uint32_t(devmgr::protocol::Operation::ListDevices), 0, 0),
            abi::kDeadlineInfinite, length, 0, 0, &info, &status, &total, &bytes);
        if (called != Status::Ok || Status(status) != Status::Ok || length + bytes > capacity)
            return {};
        memcpy(text + length, ipc_buffer().words, bytes);
        length += bytes;
        if (length >= total || bytes == 0)
            return StringView(text, length);
    }
}

bool contains(StringView text, StringView part) {
    for (size_t i = 0; i + part.length() <= text.length(); ++i)
        if (StringView(text.data() + i, part.length()) == part)
            return true;
    return false;
}

// The test disk: the block device whose first sector starts with the marker. Other disks (the
// filesystem's) are never written by these tests.
SysResult<block::Client> open_test_disk(uint64_t* found_index = nullptr) {
    for (uint64_t index = 0;; ++index) {
        block::Client disk = TRY(block::Client::open(devmgr_endpoint(), index, ipc_buffer()));
        TRY(disk.read(0, 1));
        if (memcmp(disk.buffer(), "MICA-TEST-DISK\n", 15) == 0) {
            if (found_index)
                *found_index = index;
            return disk;
        }
    }
}

} // namespace

TEST(devmgr_lists_the_disk_and_the_host_bridge) {
    ASSERT_TRUE(devmgr_endpoint() != kInvalidHandle);
    static char text[8192];
    StringView list = device_list(text, sizeof text);
    ASSERT_TRUE(list.length() > 0);
    EXPECT_TRUE(contains(list, " 1af4:1042 class 01.00.00 virtio-blk\n"));
    // q35's host bridge on x86_64, QEMU's generic PCIe host on the virt machines.
    EXPECT_TRUE(contains(list, "pci 00:00.0 8086:29c0 class 06.00.00 q35-host-bridge\n") ||
                contains(list, "pci 00:00.0 1b36:0008 class 06.00.00 pcie-host-bridge\n"));
}

TEST(devmgr_refuses_unknown_requests) {
    ASSERT_TRUE(devmgr_endpoint() != kInvalidHandle);
    uint64_t info = 0, status = 0, a = 0, b = 0;
    ASSERT_OK(sys::endpoint_call(devmgr_endpoint(), abi::ipc_info(999, 0, 0),
                                 abi::kDeadlineInfinite, 0, 0, 0, &info, &status, &a, &b));
    EXPECT_EQ(Status(status), Status::InvalidArgument);
    ASSERT_OK(sys::endpoint_call(
        devmgr_endpoint(), abi::ipc_info(uint32_t(devmgr::protocol::Operation::OpenBlock), 0, 0),
        abi::kDeadlineInfinite, 1000, 0, 0, &info, &status, &a, &b));
    EXPECT_EQ(Status(status), Status::NotFound);
    ASSERT_OK(sys::endpoint_call(
        devmgr_endpoint(), abi::ipc_info(uint32_t(devmgr::protocol::Operation::ListDevices), 0, 0),
        abi::kDeadlineInfinite, ~0ull, 0, 0, &info, &status, &a, &b));
    EXPECT_EQ(Status(status), Status::OutOfRange);
}

TEST(block_device_reads_what_the_host_wrote) {
    auto disk = open_test_disk();
    ASSERT_OK(disk.is_ok() ? Status::Ok : disk.error().status);
    EXPECT_EQ(disk.value().block_size(), 512u);
    EXPECT_EQ(disk.value().block_count(), 2048u); // 1 MiB
    ASSERT_OK(disk.value().read(0, 1) ? Status::Ok : Status::BadState);
    EXPECT_TRUE(memcmp(disk.value().buffer(), "MICA-TEST-DISK\nMICA-TEST-DISK\n", 30) == 0);
}

TEST(block_device_write_flush_read_back) {
    auto disk = open_test_disk();
    ASSERT_OK(disk.is_ok() ? Status::Ok : disk.error().status);
    block::Client& client = disk.value();
    // 32 KiB at block 64: eight page-sized device requests in flight at once.
    constexpr uint64_t kBlocks = 64, kBytes = kBlocks * 512;
    for (uint64_t i = 0; i < kBytes; ++i)
        client.buffer()[i] = uint8_t(i * 13 + 7);
    auto written = client.write(64, kBlocks);
    ASSERT_OK(written ? Status::Ok : written.error().status);
    auto flushed = client.flush();
    ASSERT_OK(flushed ? Status::Ok : flushed.error().status);
    memset(client.buffer(), 0, 2 * kBytes);
    auto read = client.read(64, kBlocks, kBytes); // into the second half of the buffer
    ASSERT_OK(read ? Status::Ok : read.error().status);
    bool same = true;
    for (uint64_t i = 0; i < kBytes; ++i)
        same = same && client.buffer()[kBytes + i] == uint8_t(i * 13 + 7);
    EXPECT_TRUE(same);
    // Another session sees the same data.
    auto other = open_test_disk();
    ASSERT_OK(other.is_ok() ? Status::Ok : other.error().status);
    ASSERT_OK(other.value().read(65, 1) ? Status::Ok : Status::BadState);
    EXPECT_EQ(other.value().buffer()[0], uint8_t(512 * 13 + 7));
}

TEST(block_device_refuses_bad_transfers) {
    auto disk = open_test_disk();
    ASSERT_OK(disk.is_ok() ? Status::Ok : disk.error().status);
    block::Client& client = disk.value();
    auto status_of = [](SysResult<void> result) {
        return result.is_ok() ? Status::Ok : result.error().status;
    };
    EXPECT_EQ(status_of(client.read(2048, 1)), Status::OutOfRange);         // past the end
    EXPECT_EQ(status_of(client.read(2047, 2)), Status::OutOfRange);         // straddles the end
    EXPECT_EQ(status_of(client.read(0, 0)), Status::OutOfRange);            // nothing
    EXPECT_EQ(status_of(client.read(0, 129)), Status::OutOfRange);          // > 64 KiB
    EXPECT_EQ(status_of(client.read(0, 1, 64 * 1024)), Status::OutOfRange); // past the buffer
    EXPECT_EQ(status_of(client.write(~0ull, 1)), Status::OutOfRange);
    EXPECT_EQ(status_of(client.read(2047, 1)), Status::Ok); // the last block is fine
}

TEST(block_driver_killed_is_restarted_and_keeps_flushed_data) {
    uint64_t index = 0;
    auto disk = open_test_disk(&index);
    ASSERT_OK(disk.is_ok() ? Status::Ok : disk.error().status);
    uint64_t generation = disk.value().generation();
    memset(disk.value().buffer(), 0x5a, 512);
    ASSERT_OK(disk.value().write(200, 1) ? Status::Ok : Status::BadState);
    ASSERT_OK(disk.value().flush() ? Status::Ok : Status::BadState);

    uint64_t info = 0, status = 0, a = 0, b = 0;
    ASSERT_OK(sys::endpoint_call(
        devmgr_endpoint(), abi::ipc_info(uint32_t(devmgr::protocol::Operation::StopBlock), 0, 0),
        abi::kDeadlineInfinite, index, 0, 0, &info, &status, &a, &b));
    ASSERT_EQ(Status(status), Status::Ok);
    // The old session is gone: its calls fail instead of hanging.
    auto stale = disk.value().read(200, 1);
    ASSERT_TRUE(stale.is_error());
    EXPECT_EQ(stale.error().status, Status::PeerClosed);

    // devmgr notices the death and starts a new driver; a client just opens the device again.
    // (Polled with a bounded number of attempts: how soon devmgr notices is not the point.)
    for (int attempt = 0; attempt < 500; ++attempt) {
        auto reopened = open_test_disk();
        if (reopened.is_ok() && reopened.value().generation() > generation) {
            ASSERT_OK(reopened.value().read(200, 1) ? Status::Ok : Status::BadState);
            bool same = true;
            for (int i = 0; i < 512; ++i)
                same = same && reopened.value().buffer()[i] == 0x5a;
            EXPECT_TRUE(same);
            return;
        }
        sleep_ns(10 * kMillisecond);
    }
    report_failure(__FILE__, __LINE__, "devmgr did not restart the driver");
}
