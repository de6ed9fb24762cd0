// Every right is enforced: each case takes a handle with all rights but one and shows that the
// operations needing that right fail with access_denied, while the same call with the right
// succeeds (so the failure is the right's doing, not something else).

#include <framework/test.h>
#include <support/support.h>

using namespace mica;
using namespace mica::test;

namespace {

Rights all_but(Rights right) { return Rights(uint32_t(Rights::All) & ~uint32_t(right)); }

constexpr uint64_t kRead = abi::map_flags::kRead;
constexpr uint64_t kWrite = abi::map_flags::kWrite;
constexpr uint64_t kExecute = abi::map_flags::kExecute;

// A fresh, unstarted process: a target for process rights and an address space to map into.
struct Child {
    OwnedHandle process;
    OwnedHandle space;
};

Child make_child() {
    abi::Handle process = kInvalidHandle, space = kInvalidHandle;
    if (sys::process_create("rights", 6, 0, &process, &space) != Status::Ok)
        return {};
    return {OwnedHandle(process), OwnedHandle(space)};
}

} // namespace

TEST(right_read_is_needed_to_read_memory_and_receive) {
    OwnedHandle memory = make_memory(4096);
    OwnedHandle endpoint = make_endpoint();
    ASSERT_TRUE(memory && endpoint);
    OwnedHandle memory_no_read = duplicate(memory.get(), all_but(Rights::Read));
    OwnedHandle endpoint_no_read = duplicate(endpoint.get(), all_but(Rights::Read));
    ASSERT_TRUE(memory_no_read && endpoint_no_read);
    uint64_t value = 0;
    EXPECT_EQ(sys::memory_object_read(memory_no_read.get(), 0, &value, 8), Status::AccessDenied);
    EXPECT_OK(sys::memory_object_read(memory.get(), 0, &value, 8));
    uint64_t info, badge, w0, w1, w2;
    EXPECT_EQ(sys::endpoint_reply_and_wait(endpoint_no_read.get(), 0, abi::kDeadlineNow, 0, 0, 0,
                                           &info, &badge, &w0, &w1, &w2),
              Status::AccessDenied);
    EXPECT_EQ(sys::endpoint_reply_and_wait(endpoint.get(), 0, abi::kDeadlineNow, 0, 0, 0, &info,
                                           &badge, &w0, &w1, &w2),
              Status::ShouldWait);
    // Mapping needs read too: every mapping is readable.
    uint64_t address = 0;
    EXPECT_EQ(sys::address_space_map(self_address_space(), memory_no_read.get(), 0, 4096, 0, kRead,
                                     &address),
              Status::AccessDenied);
}

TEST(right_read_is_needed_for_system_info) {
    OwnedHandle no_read = duplicate(root_resource(), Rights::Duplicate);
    ASSERT_TRUE(no_read);
    uint64_t value = 0;
    EXPECT_EQ(sys::system_info(no_read.get(), abi::kInfoCpusOnline, &value), Status::AccessDenied);
    EXPECT_OK(sys::system_info(root_resource(), abi::kInfoCpusOnline, &value));
}

TEST(right_write_is_needed_to_write_memory_and_call) {
    OwnedHandle memory = make_memory(4096);
    OwnedHandle endpoint = make_endpoint();
    ASSERT_TRUE(memory && endpoint);
    OwnedHandle memory_no_write = duplicate(memory.get(), all_but(Rights::Write));
    OwnedHandle endpoint_no_write = duplicate(endpoint.get(), all_but(Rights::Write));
    ASSERT_TRUE(memory_no_write && endpoint_no_write);
    uint64_t value = 1;
    EXPECT_EQ(sys::memory_object_write(memory_no_write.get(), 0, &value, 8), Status::AccessDenied);
    EXPECT_OK(sys::memory_object_write(memory.get(), 0, &value, 8));
    uint64_t info, w0, w1, w2;
    EXPECT_EQ(sys::endpoint_call(endpoint_no_write.get(), 0, abi::kDeadlineNow, 0, 0, 0, &info, &w0,
                                 &w1, &w2),
              Status::AccessDenied);
    // With write the call gets as far as waiting for a server (there is none).
    EXPECT_EQ(
        sys::endpoint_call(endpoint.get(), 0, abi::kDeadlineNow, 0, 0, 0, &info, &w0, &w1, &w2),
        Status::ShouldWait);
    // A writable mapping needs write.
    uint64_t address = 0;
    EXPECT_EQ(sys::address_space_map(self_address_space(), memory_no_write.get(), 0, 4096, 0,
                                     kRead | kWrite, &address),
              Status::AccessDenied);
}

TEST(right_execute_is_needed_for_executable_mappings) {
    Child child = make_child();
    OwnedHandle memory = make_memory(4096);
    ASSERT_TRUE(child.process && memory);
    OwnedHandle no_execute = duplicate(memory.get(), all_but(Rights::Execute));
    ASSERT_TRUE(no_execute);
    uint64_t address = 0;
    EXPECT_EQ(sys::address_space_map(child.space.get(), no_execute.get(), 0, 4096, 0,
                                     kRead | kExecute, &address),
              Status::AccessDenied);
    EXPECT_OK(sys::address_space_map(child.space.get(), memory.get(), 0, 4096, 0, kRead | kExecute,
                                     &address));
    // protect cannot make a mapping executable beyond what its handle allowed.
    uint64_t data = 0;
    ASSERT_OK(
        sys::address_space_map(child.space.get(), no_execute.get(), 0, 4096, 0, kRead, &data));
    EXPECT_EQ(sys::address_space_protect(child.space.get(), data, 4096, kRead | kExecute),
              Status::AccessDenied);
    EXPECT_OK(sys::address_space_protect(child.space.get(), address, 4096, kRead));
}

TEST(right_map_is_needed_on_the_memory_and_the_address_space) {
    Child child = make_child();
    OwnedHandle memory = make_memory(4096);
    ASSERT_TRUE(child.process && memory);
    OwnedHandle memory_no_map = duplicate(memory.get(), all_but(Rights::Map));
    OwnedHandle space_no_map = duplicate(child.space.get(), all_but(Rights::Map));
    ASSERT_TRUE(memory_no_map && space_no_map);
    uint64_t address = 0;
    EXPECT_EQ(
        sys::address_space_map(child.space.get(), memory_no_map.get(), 0, 4096, 0, kRead, &address),
        Status::AccessDenied);
    EXPECT_EQ(sys::address_space_map(space_no_map.get(), memory.get(), 0, 4096, 0, kRead, &address),
              Status::AccessDenied);
    ASSERT_OK(sys::address_space_map(child.space.get(), memory.get(), 0, 4096, 0, kRead, &address));
    EXPECT_EQ(sys::address_space_protect(space_no_map.get(), address, 4096, kRead),
              Status::AccessDenied);
    EXPECT_EQ(sys::address_space_unmap(space_no_map.get(), address, 4096), Status::AccessDenied);
    EXPECT_OK(sys::address_space_unmap(child.space.get(), address, 4096));
}

TEST(right_duplicate_is_needed_to_duplicate_and_badge) {
    OwnedHandle endpoint = make_endpoint();
    ASSERT_TRUE(endpoint);
    OwnedHandle no_duplicate = duplicate(endpoint.get(), all_but(Rights::Duplicate));
    ASSERT_TRUE(no_duplicate);
    abi::Handle copy = kInvalidHandle;
    EXPECT_EQ(sys::handle_duplicate(no_duplicate.get(), Rights::Write, &copy),
              Status::AccessDenied);
    EXPECT_EQ(sys::endpoint_badge(no_duplicate.get(), Rights::Write, 1, &copy),
              Status::AccessDenied);
    ASSERT_OK(sys::endpoint_badge(endpoint.get(), Rights::Write, 1, &copy));
    EXPECT_OK(sys::handle_close(copy));
}

TEST(right_transfer_is_needed_to_grant_a_handle) {
    Child child = make_child();
    OwnedHandle memory = make_memory(4096);
    ASSERT_TRUE(child.process && memory);
    OwnedHandle no_transfer = duplicate(memory.get(), all_but(Rights::Transfer));
    ASSERT_TRUE(no_transfer);
    abi::Handle granted = kInvalidHandle;
    EXPECT_EQ(sys::process_grant(child.process.get(), no_transfer.get(), &granted),
              Status::AccessDenied);
    // Refused: still ours.
    abi::ObjectType type;
    Rights rights;
    EXPECT_OK(sys::handle_info(no_transfer.get(), &type, &rights));
    EXPECT_OK(sys::process_grant(child.process.get(), memory.get(), &granted));
    EXPECT_EQ(sys::handle_info(memory.release(), &type, &rights), Status::BadHandle); // moved
}

TEST(right_transfer_is_needed_to_send_a_handle) {
    OwnedHandle endpoint = make_endpoint();
    OwnedHandle memory = make_memory(4096);
    ASSERT_TRUE(endpoint && memory);
    OwnedHandle no_transfer = duplicate(memory.get(), all_but(Rights::Transfer));
    ASSERT_TRUE(no_transfer);
    // In a message: refused before the call waits for anyone.
    ipc_buffer().handles[0] = no_transfer.get();
    uint64_t info, w0, w1, w2;
    EXPECT_EQ(sys::endpoint_call(endpoint.get(), abi::ipc_info(1, 0, 1), abi::kDeadlineNow, 0, 0, 0,
                                 &info, &w0, &w1, &w2),
              Status::AccessDenied);
    // As process_start's argument.
    Child child = make_child();
    ASSERT_TRUE(child.process);
    abi::Handle thread = kInvalidHandle;
    ASSERT_OK(sys::thread_create(child.process.get(), "t", 1, 0, &thread));
    OwnedHandle owned_thread(thread);
    OwnedHandle second = duplicate(memory.get(), all_but(Rights::Transfer));
    ASSERT_TRUE(second);
    EXPECT_EQ(sys::process_start(child.process.get(), thread, 0x400000, 0x500000, second.get(), 0),
              Status::AccessDenied);
    abi::ObjectType type;
    Rights rights;
    EXPECT_OK(sys::handle_info(second.get(), &type, &rights)); // refused: still ours
}

TEST(right_signal_is_needed_to_signal) {
    OwnedHandle notification = make_notification();
    ASSERT_TRUE(notification);
    OwnedHandle no_signal = duplicate(notification.get(), all_but(Rights::Signal));
    ASSERT_TRUE(no_signal);
    EXPECT_EQ(sys::notification_signal(no_signal.get(), 1), Status::AccessDenied);
    uint64_t bits = 0;
    EXPECT_EQ(sys::notification_wait(notification.get(), abi::kDeadlineNow, &bits),
              Status::ShouldWait); // nothing was raised
    EXPECT_OK(sys::notification_signal(notification.get(), 1));
}

TEST(right_wait_is_needed_to_wait) {
    OwnedHandle notification = make_notification();
    ASSERT_TRUE(notification);
    OwnedHandle no_wait = duplicate(notification.get(), all_but(Rights::Wait));
    ASSERT_TRUE(no_wait);
    uint64_t bits = 0, observed = 0;
    EXPECT_EQ(sys::notification_wait(no_wait.get(), abi::kDeadlineNow, &bits),
              Status::AccessDenied);
    EXPECT_EQ(
        sys::object_wait(no_wait.get(), abi::signal_flags::kPending, abi::kDeadlineNow, &observed),
        Status::AccessDenied);
    EXPECT_EQ(sys::object_wait(notification.get(), abi::signal_flags::kPending, abi::kDeadlineNow,
                               &observed),
              Status::ShouldWait);

    abi::Handle process = kInvalidHandle, space = kInvalidHandle;
    ASSERT_OK(sys::process_create("wait", 4, 0, &process, &space));
    OwnedHandle owned_process(process), owned_space(space);
    OwnedHandle process_no_wait = duplicate(process, all_but(Rights::Wait));
    int64_t code = 0;
    EXPECT_EQ(sys::process_wait(process_no_wait.get(), abi::kDeadlineNow, &code),
              Status::AccessDenied);
    // Binding a notification to an endpoint is a kind of waiting on it.
    OwnedHandle endpoint = make_endpoint();
    ASSERT_TRUE(endpoint);
    EXPECT_EQ(sys::endpoint_bind_notification(endpoint.get(), no_wait.get()), Status::AccessDenied);
}

TEST(right_manage_is_needed_to_resize_kill_and_start) {
    OwnedHandle memory = make_memory(4096);
    ASSERT_TRUE(memory);
    OwnedHandle memory_no_manage = duplicate(memory.get(), all_but(Rights::Manage));
    EXPECT_EQ(sys::memory_object_resize(memory_no_manage.get(), 8192), Status::AccessDenied);
    EXPECT_OK(sys::memory_object_resize(memory.get(), 8192));

    abi::Handle process = kInvalidHandle, space = kInvalidHandle;
    ASSERT_OK(sys::process_create("manage", 6, 0, &process, &space));
    OwnedHandle owned_process(process), owned_space(space);
    OwnedHandle process_no_manage = duplicate(process, all_but(Rights::Manage));
    abi::Handle thread = kInvalidHandle;
    EXPECT_EQ(sys::thread_create(process_no_manage.get(), "t", 1, 0, &thread),
              Status::AccessDenied);
    EXPECT_EQ(sys::process_kill(process_no_manage.get()), Status::AccessDenied);
    abi::Handle granted;
    OwnedHandle gift = duplicate(memory.get(), Rights::Transfer);
    EXPECT_EQ(sys::process_grant(process_no_manage.get(), gift.get(), &granted),
              Status::AccessDenied);
    ASSERT_OK(sys::thread_create(process, "t", 1, 0, &thread));
    OwnedHandle owned_thread(thread);
    OwnedHandle thread_no_manage = duplicate(thread, all_but(Rights::Manage));
    EXPECT_EQ(sys::process_start(process_no_manage.get(), thread, 0x400000, 0x500000, 0, 0),
              Status::AccessDenied);
    EXPECT_EQ(sys::process_start(process, thread_no_manage.get(), 0x400000, 0x500000, 0, 0),
              Status::AccessDenied);
    EXPECT_EQ(sys::thread_start(thread_no_manage.get(), 0x400000, 0x500000, 0, 0),
              Status::AccessDenied);
    EXPECT_OK(sys::process_kill(process));
}

TEST(resource_without_manage_cannot_power_off_or_claim_hardware) {
    // The suite's resource has read (and duplicate) only. Action 0 is invalid, so a kernel that
    // forgot the rights check answers invalid_argument here instead of powering the machine off.
    EXPECT_EQ(sys::system_power(root_resource(), 0), Status::AccessDenied);
    abi::Handle made = kInvalidHandle;
    EXPECT_EQ(sys::interrupt_create(root_resource(), 1, 0, &made), Status::AccessDenied);
    EXPECT_EQ(sys::mmio_range_create(root_resource(), 0x1000'0000, 4096, &made),
              Status::AccessDenied);
}
