// x86 I/O ports in user space: an IoPortRange (made from the root resource) opens its ports with
// io_port_access for the calling process only; every other process, and this one after closing
// them again, faults on `in`/`out`. init grants the suite a range covering kScratchPort (COM1's
// scratch register) in test mode. The other ISAs have no port space: the syscalls answer
// `unsupported` there, and the cases check exactly that.

#include <arch.h>
#include <framework/test.h>
#include <helper/protocol.h>
#include <mica/startup.h>
#include <support/support.h>

using namespace mica;
using namespace mica::test;
using namespace mica::test::helper;

namespace {

bool has_port_space() { return arch::kIsa == abi::kIsaX86_64; }

abi::Handle scratch_range() { return startup_handle(abi::StartupRole::IoPortRange); }

// The helper in a port mode, granted a copy of the suite's range.
int64_t run_port_helper(StringView mode) {
    OwnedHandle copy = duplicate(scratch_range(), Rights::Read | Rights::Write | Rights::Transfer);
    if (!copy) {
        println("tests: cannot copy the port range");
        return kNoExit;
    }
    StartupGrant grants[] = {{abi::StartupRole::IoPortRange, move(copy)}};
    StringView arguments[] = {mode};
    auto child = spawn_helper(Span<const StringView>(arguments, 1), Span<StartupGrant>(grants, 1));
    if (child.is_error()) {
        println("tests: cannot start the helper: {}", child.error());
        return kNoExit;
    }
    return wait_for_exit(child.value().get());
}

} // namespace

TEST(io_port_syscalls_exist_only_on_x86_64) {
    abi::Handle range = kInvalidHandle;
    Status created = sys::io_port_range_create(root_resource(), kScratchPort, 1, &range);
    if (has_port_space()) {
        // The suite's resource has read only: making ranges needs manage.
        EXPECT_EQ(created, Status::AccessDenied);
        EXPECT_NE(scratch_range(), kInvalidHandle);
    } else {
        EXPECT_EQ(created, Status::Unsupported);
        EXPECT_EQ(sys::io_port_access(scratch_range(), 1), Status::Unsupported);
        EXPECT_EQ(scratch_range(), kInvalidHandle);
    }
}

TEST(io_port_access_checks_its_handle_and_argument) {
    if (!has_port_space())
        return; // io_port_syscalls_exist_only_on_x86_64 covers the other ISAs
    ASSERT_NE(scratch_range(), kInvalidHandle);
    EXPECT_EQ(sys::io_port_access(scratch_range(), 2), Status::InvalidArgument);
    OwnedHandle read_only = duplicate(scratch_range(), Rights::Read);
    ASSERT_TRUE(bool(read_only));
    EXPECT_EQ(sys::io_port_access(read_only.get(), 1), Status::AccessDenied);
    OwnedHandle endpoint = make_endpoint();
    EXPECT_EQ(sys::io_port_access(endpoint.get(), 1), Status::WrongType);
    // Closing ports that were never opened is allowed and changes nothing.
    EXPECT_OK(sys::io_port_access(scratch_range(), 0));
}

TEST(io_ports_work_after_io_port_access) {
    if (!has_port_space())
        return;
    ASSERT_OK(sys::io_port_access(scratch_range(), 1));
    arch::port_write8(kScratchPort, kScratchValue);
    EXPECT_EQ(arch::port_read8(kScratchPort), kScratchValue);
    arch::port_write8(kScratchPort, uint8_t(~kScratchValue));
    EXPECT_EQ(arch::port_read8(kScratchPort), uint8_t(~kScratchValue));
    // A yield lets the scheduler switch away and back: the bitmap must come back with the
    // address space.
    for (int i = 0; i < 10; ++i) {
        sys::thread_yield();
        EXPECT_EQ(arch::port_read8(kScratchPort), uint8_t(~kScratchValue));
    }
    EXPECT_OK(sys::io_port_access(scratch_range(), 0));
}

TEST(io_ports_fault_without_io_port_access) {
    if (!has_port_space())
        return;
    EXPECT_EQ(run_port_helper(kModePortDenied), int64_t(abi::kExitFaulted));
    // Ports open in this process are still closed in another.
    ASSERT_OK(sys::io_port_access(scratch_range(), 1));
    EXPECT_EQ(run_port_helper(kModePortDenied), int64_t(abi::kExitFaulted));
    EXPECT_OK(sys::io_port_access(scratch_range(), 0));
}

TEST(io_port_access_opens_ports_for_the_calling_process) {
    if (!has_port_space())
        return;
    EXPECT_EQ(run_port_helper(kModePortAllowed), int64_t(kScratchValue));
}

TEST(io_ports_fault_again_once_closed) {
    if (!has_port_space())
        return;
    EXPECT_EQ(run_port_helper(kModePortRevoked), int64_t(abi::kExitFaulted));
}
