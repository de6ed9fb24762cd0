// Notifications: signal bits are OR-ed and taken by a wait, waits poll and time out, a waiter in
// another thread is woken, and a notification bound to an endpoint is received by
// endpoint_reply_and_wait.

#include <framework/test.h>
#include <support/support.h>
#include <support/thread.h>

using namespace mica;
using namespace mica::test;

namespace {

struct Waiter {
    abi::Handle notification;
    Status status = Status::Ok;
    uint64_t bits = 0;
    static void run(void* self, abi::IpcBuffer*) {
        auto& waiter = *static_cast<Waiter*>(self);
        waiter.status =
            sys::notification_wait(waiter.notification, deadline_in(10 * kSecond), &waiter.bits);
    }
};

struct Receiver {
    abi::Handle endpoint;
    Status status = Status::Ok;
    uint64_t info = 0, badge = 0;
    static void run(void* self, abi::IpcBuffer*) {
        auto& receiver = *static_cast<Receiver*>(self);
        uint64_t w0, w1, w2;
        receiver.status =
            sys::endpoint_reply_and_wait(receiver.endpoint, 0, deadline_in(10 * kSecond), 0, 0, 0,
                                         &receiver.info, &receiver.badge, &w0, &w1, &w2);
    }
};

} // namespace

TEST(notification_signal_then_wait_takes_the_bits) {
    OwnedHandle notification = make_notification();
    ASSERT_TRUE(notification);
    ASSERT_OK(sys::notification_signal(notification.get(), 0x10));
    uint64_t bits = 0;
    EXPECT_OK(sys::notification_wait(notification.get(), abi::kDeadlineNow, &bits));
    EXPECT_EQ(bits, 0x10u);
    // Taken: nothing left.
    EXPECT_EQ(sys::notification_wait(notification.get(), abi::kDeadlineNow, &bits),
              Status::ShouldWait);
}

TEST(notification_bits_are_ored_until_taken) {
    OwnedHandle notification = make_notification();
    ASSERT_TRUE(notification);
    ASSERT_OK(sys::notification_signal(notification.get(), 1));
    ASSERT_OK(sys::notification_signal(notification.get(), 4));
    ASSERT_OK(sys::notification_signal(notification.get(), 1ull << 63));
    ASSERT_OK(sys::notification_signal(notification.get(), 4));
    ASSERT_OK(sys::notification_signal(notification.get(), 0)); // no bits: nothing happens
    uint64_t bits = 0;
    EXPECT_OK(sys::notification_wait(notification.get(), abi::kDeadlineNow, &bits));
    EXPECT_EQ(bits, (1ull << 63) | 5);
}

TEST(notification_wait_times_out) {
    OwnedHandle notification = make_notification();
    ASSERT_TRUE(notification);
    uint64_t bits = 0;
    uint64_t deadline = deadline_in(15 * kMillisecond);
    EXPECT_EQ(sys::notification_wait(notification.get(), deadline, &bits), Status::TimedOut);
    EXPECT_GE(now_ns(), deadline);
    EXPECT_EQ(sys::notification_wait(notification.get(), 1, &bits), Status::TimedOut);
}

TEST(notification_wakes_a_thread_blocked_on_it) {
    OwnedHandle notification = make_notification();
    ASSERT_TRUE(notification);
    Waiter waiter{notification.get()};
    auto thread = Thread::start(Waiter::run, &waiter);
    ASSERT_TRUE(thread.is_ok());
    sleep_ns(20 * kMillisecond); // let it block
    ASSERT_OK(sys::notification_signal(notification.get(), 0x300));
    EXPECT_TRUE(thread.value().join(deadline_in(5 * kSecond)));
    EXPECT_OK(waiter.status);
    EXPECT_EQ(waiter.bits, 0x300u);
}

TEST(object_wait_sees_pending_bits_without_taking_them) {
    OwnedHandle notification = make_notification();
    ASSERT_TRUE(notification);
    uint64_t observed = 0;
    EXPECT_EQ(sys::object_wait(notification.get(), abi::signal_flags::kPending, abi::kDeadlineNow,
                               &observed),
              Status::ShouldWait);
    ASSERT_OK(sys::notification_signal(notification.get(), 2));
    EXPECT_OK(sys::object_wait(notification.get(), abi::signal_flags::kPending,
                               deadline_in(kSecond), &observed));
    EXPECT_TRUE(observed & abi::signal_flags::kPending);
    uint64_t bits = 0;
    EXPECT_OK(sys::notification_wait(notification.get(), abi::kDeadlineNow, &bits));
    EXPECT_EQ(bits, 2u);
    EXPECT_EQ(sys::object_wait(notification.get(), abi::signal_flags::kPending, abi::kDeadlineNow,
                               &observed),
              Status::ShouldWait);
}

TEST(object_wait_checks_its_signals) {
    OwnedHandle notification = make_notification();
    ASSERT_TRUE(notification);
    uint64_t observed = 0;
    EXPECT_EQ(sys::object_wait(notification.get(), 0, abi::kDeadlineNow, &observed),
              Status::InvalidArgument);
    EXPECT_EQ(sys::object_wait(notification.get(), 1ull << 20, abi::kDeadlineNow, &observed),
              Status::InvalidArgument);
    abi::Handle raw = kInvalidHandle;
    EXPECT_EQ(sys::notification_create(1, &raw), Status::InvalidArgument);
}

TEST(notification_bound_to_an_endpoint_is_received_by_reply_and_wait) {
    OwnedHandle endpoint = make_endpoint();
    OwnedHandle notification = make_notification();
    ASSERT_TRUE(endpoint && notification);
    ASSERT_OK(sys::endpoint_bind_notification(endpoint.get(), notification.get()));
    ASSERT_OK(sys::notification_signal(notification.get(), 0x21));
    uint64_t info, badge, w0, w1, w2;
    ASSERT_OK(sys::endpoint_reply_and_wait(endpoint.get(), 0, abi::kDeadlineNow, 0, 0, 0, &info,
                                           &badge, &w0, &w1, &w2));
    EXPECT_TRUE(info & abi::ipc_info_flags::kNotification);
    EXPECT_EQ(badge, 0x21u);
    // The bits were taken by the receive.
    uint64_t bits = 0;
    EXPECT_EQ(sys::notification_wait(notification.get(), abi::kDeadlineNow, &bits),
              Status::ShouldWait);
    EXPECT_EQ(sys::endpoint_reply_and_wait(endpoint.get(), 0, abi::kDeadlineNow, 0, 0, 0, &info,
                                           &badge, &w0, &w1, &w2),
              Status::ShouldWait);
}

TEST(notification_wakes_a_thread_blocked_on_the_bound_endpoint) {
    OwnedHandle endpoint = make_endpoint();
    OwnedHandle notification = make_notification();
    ASSERT_TRUE(endpoint && notification);
    ASSERT_OK(sys::endpoint_bind_notification(endpoint.get(), notification.get()));
    Receiver receiver{endpoint.get()};
    auto thread = Thread::start(Receiver::run, &receiver);
    ASSERT_TRUE(thread.is_ok());
    sleep_ns(20 * kMillisecond);
    ASSERT_OK(sys::notification_signal(notification.get(), 0x8000));
    EXPECT_TRUE(thread.value().join(deadline_in(5 * kSecond)));
    EXPECT_OK(receiver.status);
    EXPECT_TRUE(receiver.info & abi::ipc_info_flags::kNotification);
    EXPECT_EQ(receiver.badge, 0x8000u);
}

TEST(notification_binds_to_one_endpoint_at_a_time) {
    OwnedHandle first = make_endpoint();
    OwnedHandle second = make_endpoint();
    OwnedHandle notification = make_notification();
    OwnedHandle other = make_notification();
    ASSERT_TRUE(first && second && notification && other);
    ASSERT_OK(sys::endpoint_bind_notification(first.get(), notification.get()));
    EXPECT_EQ(sys::endpoint_bind_notification(second.get(), notification.get()),
              Status::AlreadyExists);
    EXPECT_EQ(sys::endpoint_bind_notification(first.get(), other.get()), Status::AlreadyExists);
    // Unbinding (handle_invalid) frees both for new bindings.
    ASSERT_OK(sys::endpoint_bind_notification(first.get(), kInvalidHandle));
    EXPECT_OK(sys::endpoint_bind_notification(second.get(), notification.get()));
    EXPECT_OK(sys::endpoint_bind_notification(first.get(), other.get()));
    // Binding needs read on the endpoint.
    OwnedHandle sender = duplicate(second.get(), Rights::Write);
    EXPECT_EQ(sys::endpoint_bind_notification(sender.get(), kInvalidHandle), Status::AccessDenied);
}

TEST(a_bound_notification_outlives_its_handles) {
    // The endpoint holds the notification; closing every handle to either must not crash the
    // kernel when the other is used or closed afterwards.
    OwnedHandle endpoint = make_endpoint();
    OwnedHandle notification = make_notification();
    ASSERT_TRUE(endpoint && notification);
    ASSERT_OK(sys::endpoint_bind_notification(endpoint.get(), notification.get()));
    OwnedHandle signaller = duplicate(notification.get(), Rights::Signal);
    notification.reset();
    EXPECT_OK(sys::notification_signal(signaller.get(), 1));
    endpoint.reset();
    EXPECT_OK(sys::notification_signal(signaller.get(), 2));
}
