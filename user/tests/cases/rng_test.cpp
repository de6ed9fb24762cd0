// devmgr and the virtio-rng driver, end to end: every QEMU run has a virtio-rng-pci device
// (tools/qemu/run.sh); devmgr lists it, starts its driver and hands out its endpoint (OpenRng),
// and the driver answers reads with bytes from the device (mica/protocol/rng.h).

#include <framework/test.h>
#include <mica/protocol/devmgr.h>
#include <mica/protocol/rng.h>
#include <mica/startup.h>
#include <string.h>
#include <support/support.h>

using namespace mica;
using namespace mica::test;

namespace {

using rng::protocol::kMaxReadBytes;

abi::Handle devmgr_endpoint() { return startup_handle(abi::StartupRole::DeviceManager); }

// The first entropy driver's endpoint, through devmgr; an empty handle if that fails.
OwnedHandle open_rng() {
    uint64_t info = 0, status = 0, generation = 0, unused = 0;
    Status called = sys::endpoint_call(
        devmgr_endpoint(), abi::ipc_info(uint32_t(devmgr::protocol::Operation::OpenRng), 0, 0),
        abi::kDeadlineInfinite, 0, 0, 0, &info, &status, &generation, &unused);
    if (called != Status::Ok || Status(status) != Status::Ok || abi::ipc_info_handles(info) != 1)
        return OwnedHandle();
    return OwnedHandle(ipc_buffer().handles[0]);
}

// Asks the driver for `bytes` bytes with operation `label`; copies what came back to `out`.
Status read(abi::Handle driver, uint64_t bytes, uint8_t* out, uint64_t& returned,
            uint32_t label = uint32_t(rng::protocol::Operation::Read)) {
    uint64_t info = 0, status = 0, unused = 0;
    returned = 0;
    Status called = sys::endpoint_call(driver, abi::ipc_info(label, 0, 0), abi::kDeadlineInfinite,
                                       bytes, 0, 0, &info, &status, &returned, &unused);
    if (called != Status::Ok)
        return called;
    if (Status(status) == Status::Ok && out && returned <= kMaxReadBytes)
        memcpy(out, ipc_buffer().words, returned);
    return Status(status);
}

bool all_zero(const uint8_t* bytes, size_t length) {
    for (size_t i = 0; i < length; ++i)
        if (bytes[i] != 0)
            return false;
    return true;
}

} // namespace

TEST(devmgr_lists_the_entropy_device) {
    ASSERT_TRUE(devmgr_endpoint() != kInvalidHandle);
    static char text[8192];
    size_t length = 0;
    uint64_t total = 1;
    while (length < total) {
        uint64_t info = 0, status = 0, bytes = 0;
        ASSERT_OK(sys::endpoint_call(
            devmgr_endpoint(),
            abi::ipc_info(uint32_t(devmgr::protocol::Operation::ListDevices), 0, 0),
            abi::kDeadlineInfinite, length, 0, 0, &info, &status, &total, &bytes));
        ASSERT_EQ(Status(status), Status::Ok);
        ASSERT_TRUE(bytes > 0 && length + bytes <= sizeof text);
        memcpy(text + length, ipc_buffer().words, bytes);
        length += bytes;
    }
    StringView list(text, length), want(" 1af4:1044 class 00.ff.00 virtio-rng\n");
    bool found = false;
    for (size_t i = 0; i + want.length() <= list.length() && !found; ++i)
        found = StringView(list.data() + i, want.length()) == want;
    EXPECT_TRUE(found);
}

TEST(rng_reads_differ_and_are_not_zero) {
    OwnedHandle driver = open_rng();
    ASSERT_TRUE(driver.get() != kInvalidHandle);
    uint8_t first[64] = {}, second[64] = {};
    uint64_t returned = 0;
    ASSERT_OK(read(driver.get(), sizeof first, first, returned));
    EXPECT_EQ(returned, sizeof first);
    ASSERT_OK(read(driver.get(), sizeof second, second, returned));
    EXPECT_EQ(returned, sizeof second);
    EXPECT_FALSE(all_zero(first, sizeof first));
    EXPECT_FALSE(all_zero(second, sizeof second));
    EXPECT_TRUE(memcmp(first, second, sizeof first) != 0);
    // The largest read is served whole, and not left zero at its end.
    static uint8_t large[kMaxReadBytes];
    ASSERT_OK(read(driver.get(), kMaxReadBytes, large, returned));
    EXPECT_EQ(returned, kMaxReadBytes);
    EXPECT_FALSE(all_zero(large + kMaxReadBytes - 64, 64));
}

TEST(rng_refuses_bad_requests) {
    OwnedHandle driver = open_rng();
    ASSERT_TRUE(driver.get() != kInvalidHandle);
    uint64_t returned = 0;
    EXPECT_EQ(read(driver.get(), 0, nullptr, returned), Status::OutOfRange);
    EXPECT_EQ(read(driver.get(), kMaxReadBytes + 1, nullptr, returned), Status::OutOfRange);
    EXPECT_EQ(read(driver.get(), ~0ull, nullptr, returned), Status::OutOfRange);
    EXPECT_EQ(read(driver.get(), 8, nullptr, returned, 999), Status::InvalidArgument);
    uint64_t info = 0, status = 0, a = 0, b = 0;
    ASSERT_OK(sys::endpoint_call(
        devmgr_endpoint(), abi::ipc_info(uint32_t(devmgr::protocol::Operation::OpenRng), 0, 0),
        abi::kDeadlineInfinite, 1000, 0, 0, &info, &status, &a, &b));
    EXPECT_EQ(Status(status), Status::NotFound);
}
