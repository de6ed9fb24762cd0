// Handles: what handle_info reports, that values cannot be forged, guessed or reused after close,
// the order of the handle checks, rights that never grow, and a full handle table.

#include <framework/test.h>
#include <support/support.h>

using namespace mica;
using namespace mica::test;
using abi::ObjectType;

namespace {

constexpr uint32_t kSlotMask = 0xff; // a handle's slot index (kernel/object/handle_table.h)

ObjectType type_of(abi::Handle handle) {
    ObjectType type = ObjectType::None;
    Rights rights = Rights::None;
    if (sys::handle_info(handle, &type, &rights) != Status::Ok)
        return ObjectType::None;
    return type;
}

Rights rights_of(abi::Handle handle) {
    ObjectType type = ObjectType::None;
    Rights rights = Rights::None;
    (void)sys::handle_info(handle, &type, &rights);
    return rights;
}

} // namespace

TEST(handle_info_reports_type_and_all_rights_of_new_objects) {
    OwnedHandle memory = make_memory(4096);
    OwnedHandle endpoint = make_endpoint();
    OwnedHandle notification = make_notification();
    ASSERT_TRUE(memory && endpoint && notification);
    EXPECT_EQ(type_of(memory.get()), ObjectType::MemoryObject);
    EXPECT_EQ(type_of(endpoint.get()), ObjectType::Endpoint);
    EXPECT_EQ(type_of(notification.get()), ObjectType::Notification);
    EXPECT_EQ(rights_of(memory.get()), Rights::All);
    EXPECT_EQ(rights_of(endpoint.get()), Rights::All);
    EXPECT_EQ(rights_of(notification.get()), Rights::All);

    abi::Handle process = kInvalidHandle, space = kInvalidHandle, thread = kInvalidHandle;
    ASSERT_OK(sys::process_create("info", 4, 0, &process, &space));
    OwnedHandle owned_process(process), owned_space(space);
    ASSERT_OK(sys::thread_create(process, "t", 1, 0, &thread));
    OwnedHandle owned_thread(thread);
    EXPECT_EQ(type_of(process), ObjectType::Process);
    EXPECT_EQ(type_of(space), ObjectType::AddressSpace);
    EXPECT_EQ(type_of(thread), ObjectType::Thread);
    EXPECT_EQ(rights_of(process), Rights::All);
    EXPECT_EQ(type_of(self_process()), ObjectType::Process);
    EXPECT_EQ(type_of(self_address_space()), ObjectType::AddressSpace);
    EXPECT_EQ(type_of(root_resource()), ObjectType::Resource);
}

TEST(handle_value_zero_is_never_a_handle) {
    ObjectType type;
    Rights rights;
    abi::Handle copy;
    EXPECT_EQ(sys::handle_info(0, &type, &rights), Status::BadHandle);
    EXPECT_EQ(sys::handle_close(0), Status::BadHandle);
    EXPECT_EQ(sys::handle_duplicate(0, Rights::None, &copy), Status::BadHandle);
    uint64_t bits;
    EXPECT_EQ(sys::notification_wait(0, abi::kDeadlineNow, &bits), Status::BadHandle);
}

TEST(random_handle_values_are_rejected) {
    // A guess matches a live handle only if it names a used slot and that slot's 24-bit tag:
    // about (live slots / 256) * 2^-24 per try, never in practice.
    Random random(0x68616e646c65ull);
    int accepted = 0;
    for (int i = 0; i < 4000; ++i) {
        abi::Handle guess = abi::Handle(random.next());
        ObjectType type;
        Rights rights;
        if (sys::handle_info(guess, &type, &rights) != Status::BadHandle)
            ++accepted;
    }
    EXPECT_EQ(accepted, 0);
}

TEST(handle_values_wider_than_32_bits_are_rejected) {
    OwnedHandle memory = make_memory(4096);
    ASSERT_TRUE(memory);
    uint64_t wide = (uint64_t(1) << 32) | memory.get();
    abi::SyscallReturn result = raw_syscall(uint64_t(abi::Syscall::HandleInfo), wide);
    EXPECT_EQ(result.status, uint64_t(Status::BadHandle));
    result = raw_syscall(uint64_t(abi::Syscall::HandleInfo), memory.get());
    EXPECT_EQ(result.status, uint64_t(Status::Ok));
}

TEST(guessing_the_tag_of_a_live_slot_fails) {
    OwnedHandle endpoint = make_endpoint();
    ASSERT_TRUE(endpoint);
    abi::Handle live = endpoint.get();
    int accepted = 0;
    // Every other tag for the same slot: the slot has exactly one, so none of these may pass.
    for (uint32_t delta = 1; delta <= 20000; ++delta) {
        abi::Handle guess = live ^ (delta << 8);
        ObjectType type;
        Rights rights;
        if (sys::handle_info(guess, &type, &rights) != Status::BadHandle)
            ++accepted;
    }
    EXPECT_EQ(accepted, 0);
}

TEST(closed_handle_is_stale_even_when_its_slot_is_reused) {
    OwnedHandle first = make_notification();
    ASSERT_TRUE(first);
    abi::Handle stale = first.get();
    first.reset();
    ObjectType type;
    Rights rights;
    EXPECT_EQ(sys::handle_info(stale, &type, &rights), Status::BadHandle);
    EXPECT_EQ(sys::notification_signal(stale, 1), Status::BadHandle);

    // Fill slots until the stale one's is taken again: its new value differs (a fresh tag).
    OwnedHandle fillers[16];
    bool reused = false;
    for (OwnedHandle& filler : fillers) {
        filler = make_notification();
        ASSERT_TRUE(filler);
        if ((filler.get() & kSlotMask) == (stale & kSlotMask)) {
            reused = true;
            EXPECT_NE(filler.get(), stale);
            break;
        }
    }
    EXPECT_TRUE(reused);
    EXPECT_EQ(sys::handle_info(stale, &type, &rights), Status::BadHandle);
    EXPECT_EQ(sys::handle_close(stale), Status::BadHandle);
}

TEST(closing_a_handle_twice_fails_the_second_time) {
    abi::Handle raw;
    ASSERT_OK(sys::endpoint_create(0, &raw));
    EXPECT_OK(sys::handle_close(raw));
    EXPECT_EQ(sys::handle_close(raw), Status::BadHandle);
}

TEST(handle_checks_come_in_order_bad_handle_wrong_type_access_denied) {
    OwnedHandle endpoint = make_endpoint();
    ASSERT_TRUE(endpoint);
    OwnedHandle powerless = duplicate(endpoint.get(), Rights::None);
    ASSERT_TRUE(powerless);
    uint8_t byte = 0;
    // A handle of the wrong type and without rights: the type is checked first.
    EXPECT_EQ(sys::memory_object_read(powerless.get(), 0, &byte, 1), Status::WrongType);
    // The right type without the right.
    uint64_t reply_info, r0, r1, r2;
    EXPECT_EQ(sys::endpoint_call(powerless.get(), 0, abi::kDeadlineNow, 0, 0, 0, &reply_info, &r0,
                                 &r1, &r2),
              Status::AccessDenied);
    // No live handle at all beats both.
    abi::Handle stale = powerless.get();
    powerless.reset();
    EXPECT_EQ(sys::memory_object_read(stale, 0, &byte, 1), Status::BadHandle);
}

TEST(duplicate_with_fewer_rights_cannot_regain_them) {
    OwnedHandle memory = make_memory(4096);
    ASSERT_TRUE(memory);
    OwnedHandle reader = duplicate(memory.get(), Rights::Read | Rights::Duplicate);
    ASSERT_TRUE(reader);
    EXPECT_EQ(rights_of(reader.get()), Rights::Read | Rights::Duplicate);
    abi::Handle copy = kInvalidHandle;
    EXPECT_EQ(sys::handle_duplicate(reader.get(), Rights::Read | Rights::Write, &copy),
              Status::AccessDenied);
    EXPECT_EQ(sys::handle_duplicate(reader.get(), Rights::All, &copy), Status::AccessDenied);
    ASSERT_OK(sys::handle_duplicate(reader.get(), Rights::Read, &copy));
    OwnedHandle narrower(copy);
    EXPECT_EQ(rights_of(narrower.get()), Rights::Read);
    // Without duplicate, no copies at all, not even with fewer rights.
    EXPECT_EQ(sys::handle_duplicate(narrower.get(), Rights::Read, &copy), Status::AccessDenied);
    EXPECT_EQ(sys::handle_duplicate(narrower.get(), Rights::None, &copy), Status::AccessDenied);
    uint8_t byte = 1;
    EXPECT_EQ(sys::memory_object_write(narrower.get(), 0, &byte, 1), Status::AccessDenied);
}

TEST(replace_with_fewer_rights_cannot_regain_them) {
    OwnedHandle memory = make_memory(4096);
    ASSERT_TRUE(memory);
    abi::Handle full = memory.release();
    abi::Handle reader = kInvalidHandle;
    ASSERT_OK(sys::handle_replace(full, Rights::Read | Rights::Map, &reader));
    OwnedHandle owned(reader);
    ObjectType type;
    Rights rights;
    EXPECT_EQ(sys::handle_info(full, &type, &rights), Status::BadHandle); // the old one is gone
    EXPECT_EQ(rights_of(reader), Rights::Read | Rights::Map);

    // Asking for more fails, and the handle is gone anyway (abi/mica.abi says so).
    abi::Handle widened = kInvalidHandle;
    EXPECT_EQ(sys::handle_replace(owned.release(), Rights::Read | Rights::Write, &widened),
              Status::AccessDenied);
    EXPECT_EQ(sys::handle_info(reader, &type, &rights), Status::BadHandle);
}

TEST(replace_keeps_the_object) {
    OwnedHandle memory = make_memory(4096);
    ASSERT_TRUE(memory);
    uint64_t value = 0x5eed;
    ASSERT_OK(sys::memory_object_write(memory.get(), 16, &value, sizeof value));
    ASSERT_OK(memory.restrict_rights(Rights::Read));
    uint64_t read = 0;
    EXPECT_OK(sys::memory_object_read(memory.get(), 16, &read, sizeof read));
    EXPECT_EQ(read, value);
}

TEST(badge_with_fewer_rights_cannot_regain_them) {
    OwnedHandle endpoint = make_endpoint();
    ASSERT_TRUE(endpoint);
    OwnedHandle sender = duplicate(endpoint.get(), Rights::Write | Rights::Duplicate);
    ASSERT_TRUE(sender);
    abi::Handle badged = kInvalidHandle;
    EXPECT_EQ(sys::endpoint_badge(sender.get(), Rights::Write | Rights::Read, 7, &badged),
              Status::AccessDenied);
    ASSERT_OK(sys::endpoint_badge(sender.get(), Rights::Write | Rights::Duplicate, 7, &badged));
    OwnedHandle owned(badged);
    EXPECT_EQ(rights_of(badged), Rights::Write | Rights::Duplicate);
    // A badged handle cannot be re-badged (that would forge another sender's identity) ...
    abi::Handle rebadged = kInvalidHandle;
    EXPECT_EQ(sys::endpoint_badge(badged, Rights::Write, 8, &rebadged), Status::AccessDenied);
    // ... and its duplicates keep both the badge and the narrower rights.
    abi::Handle copy = kInvalidHandle;
    EXPECT_EQ(sys::handle_duplicate(badged, Rights::Write | Rights::Read, &copy),
              Status::AccessDenied);
    // Badge 0 means "unbadged" and is refused.
    EXPECT_EQ(sys::endpoint_badge(endpoint.get(), Rights::Write, 0, &rebadged),
              Status::InvalidArgument);
}

TEST(rights_with_unknown_bits_are_invalid) {
    OwnedHandle memory = make_memory(4096);
    ASSERT_TRUE(memory);
    abi::SyscallReturn result = raw_syscall(uint64_t(abi::Syscall::HandleDuplicate), memory.get(),
                                            uint64_t(Rights::All) | (1ull << 20));
    EXPECT_EQ(result.status, uint64_t(Status::InvalidArgument));
}

TEST(duplicates_share_the_object) {
    OwnedHandle memory = make_memory(4096);
    ASSERT_TRUE(memory);
    OwnedHandle copy = duplicate(memory.get(), Rights::Read);
    ASSERT_TRUE(copy);
    uint32_t value = 0xfeedface;
    ASSERT_OK(sys::memory_object_write(memory.get(), 100, &value, sizeof value));
    memory.reset(); // the object lives on through the copy
    uint32_t read = 0;
    EXPECT_OK(sys::memory_object_read(copy.get(), 100, &read, sizeof read));
    EXPECT_EQ(read, value);
}

TEST(full_handle_table_gives_no_resources) {
    // Each process has 256 slots (kernel/object/handle_table.h); fill what is left.
    constexpr int kMax = 300;
    abi::Handle filled[kMax];
    int count = 0;
    Status last = Status::Ok;
    while (count < kMax) {
        last = sys::notification_create(0, &filled[count]);
        if (last != Status::Ok)
            break;
        ++count;
    }
    EXPECT_EQ(last, Status::NoResources);
    EXPECT_LE(count, 256);
    if (count > 0) {
        abi::Handle extra = kInvalidHandle;
        EXPECT_EQ(sys::handle_duplicate(filled[0], Rights::Read, &extra), Status::NoResources);
        EXPECT_EQ(sys::endpoint_create(0, &extra), Status::NoResources);
        EXPECT_EQ(sys::memory_object_create(4096, 0, &extra), Status::NoResources);
    }
    for (int i = 0; i < count; ++i)
        EXPECT_OK(sys::handle_close(filled[i]));
    // Room again.
    OwnedHandle again = make_notification();
    EXPECT_TRUE(again);
}

TEST(closing_the_last_handle_frees_the_object) {
    uint64_t before = stable_free_frames();
    {
        OwnedHandle memory = make_memory(64 * 4096);
        ASSERT_TRUE(memory);
        OwnedHandle copy = duplicate(memory.get(), Rights::Read);
        uint64_t during = 0;
        ASSERT_OK(sys::system_info(root_resource(), abi::kInfoFreeFrames, &during));
        EXPECT_LE(during + 64, before);
    }
    EXPECT_EQ(free_frames_reaching(before), before);
}
