// The syscall layer itself: unknown numbers, syscalls another ISA has, bad pointers given to
// every syscall that takes one, and arguments that are malformed rather than merely unlucky.

#include <arch.h>
#include <framework/test.h>
#include <support/support.h>

using namespace mica;
using namespace mica::test;

namespace {

// Pointers that must all be refused with bad_address: null, kernel space (the direct map and the
// kernel image), user space nobody maps, and a range that starts in mapped memory and runs off
// its end.
struct BadPointer {
    const char* what;
    uint64_t address;
};

constexpr size_t kBadPointerCount = 5;

// `size` bytes at each returned address are not all accessible; the last one straddles the end of
// a mapping this function keeps for the test's duration.
struct BadPointers {
    OwnedHandle memory = make_memory(4096);
    Mapping mapping = Mapping::map(memory.get(), 4096);
    BadPointer list[kBadPointerCount] = {
        {"null", 0},
        {"kernel direct map", kKernelAddress},
        {"kernel image", kKernelImageAddress},
        {"unmapped user", kUnmappedAddress},
        {"straddles the end of a mapping", mapping.address() + 4096 - 8},
    };
};

bool is_valid(uint8_t isas) { return (isas & arch::kIsa) != 0; }

} // namespace

TEST(unknown_syscall_numbers_give_bad_syscall) {
    uint64_t numbers[] = {
        abi::kSyscallCount, abi::kSyscallCount + 1, 255, 1000, 1ull << 32, 1ull << 63, ~0ull};
    for (uint64_t number : numbers) {
        abi::SyscallReturn result = raw_syscall(number, 1, 2, 3, 4, 5, 6);
        EXPECT_EQ(result.status, uint64_t(Status::BadSyscall));
    }
}

TEST(syscalls_of_another_isa_give_unsupported) {
    int checked = 0;
    for (const abi::SyscallInfo& call : abi::kSyscalls) {
        if (is_valid(call.isas))
            continue;
        ++checked;
        abi::SyscallReturn result = raw_syscall(uint64_t(call.number), root_resource(), 0, 1);
        EXPECT_EQ(result.status, uint64_t(Status::Unsupported));
    }
    // Only x86_64 has every syscall (the I/O port ones); elsewhere some must have been checked.
    if (arch::kIsa != abi::kIsaX86_64)
        EXPECT_GE(checked, 2);
}

TEST(bad_pointers_to_debug_write_give_bad_address) {
    BadPointers bad;
    ASSERT_TRUE(bad.mapping);
    for (const BadPointer& pointer : bad.list) {
        Status status = sys::debug_write(reinterpret_cast<const void*>(pointer.address), 16);
        if (!EXPECT_EQ(status, Status::BadAddress))
            println("    pointer: {}", pointer.what);
    }
    EXPECT_EQ(sys::debug_write("x", 257), Status::InvalidArgument);
    EXPECT_OK(sys::debug_write(nullptr, 0)); // nothing to read
}

TEST(bad_pointers_to_memory_object_read_give_bad_address) {
    BadPointers bad;
    OwnedHandle memory = make_memory(4096);
    ASSERT_TRUE(bad.mapping && memory);
    for (const BadPointer& pointer : bad.list) {
        Status status =
            sys::memory_object_read(memory.get(), 0, reinterpret_cast<void*>(pointer.address), 16);
        if (!EXPECT_EQ(status, Status::BadAddress))
            println("    pointer: {}", pointer.what);
    }
    // Mapped but read-only: the kernel must not write there for us either.
    EXPECT_EQ(
        sys::memory_object_read(memory.get(), 0, reinterpret_cast<void*>(read_only_address()), 16),
        Status::BadAddress);
    // A huge size over a valid start.
    EXPECT_NE(sys::memory_object_read(memory.get(), 0, bad.mapping.as<void>(), ~0ull), Status::Ok);
}

TEST(bad_pointers_to_memory_object_write_give_bad_address) {
    BadPointers bad;
    OwnedHandle memory = make_memory(4096);
    ASSERT_TRUE(bad.mapping && memory);
    for (const BadPointer& pointer : bad.list) {
        Status status = sys::memory_object_write(
            memory.get(), 0, reinterpret_cast<const void*>(pointer.address), 16);
        if (!EXPECT_EQ(status, Status::BadAddress))
            println("    pointer: {}", pointer.what);
    }
}

TEST(bad_pointers_to_process_create_give_bad_address) {
    BadPointers bad;
    ASSERT_TRUE(bad.mapping);
    for (const BadPointer& pointer : bad.list) {
        abi::Handle process = kInvalidHandle, space = kInvalidHandle;
        Status status = sys::process_create(reinterpret_cast<const void*>(pointer.address), 16, 0,
                                            &process, &space);
        if (!EXPECT_EQ(status, Status::BadAddress)) {
            println("    pointer: {}", pointer.what);
            if (status == Status::Ok) {
                (void)sys::handle_close(process);
                (void)sys::handle_close(space);
            }
        }
    }
}

TEST(bad_pointers_to_thread_create_give_bad_address) {
    BadPointers bad;
    ASSERT_TRUE(bad.mapping);
    for (const BadPointer& pointer : bad.list) {
        abi::Handle thread = kInvalidHandle;
        Status status = sys::thread_create(
            self_process(), reinterpret_cast<const void*>(pointer.address), 16, 0, &thread);
        if (!EXPECT_EQ(status, Status::BadAddress)) {
            println("    pointer: {}", pointer.what);
            if (status == Status::Ok)
                (void)sys::handle_close(thread);
        }
    }
}

TEST(every_pointer_taking_syscall_is_covered) {
    // The cases above cover each syscall with an in_ptr or out_ptr argument; a new one in the ABI
    // needs a case too, and this notices when it is added.
    const char* covered[] = {"process_create", "thread_create", "memory_object_read",
                             "memory_object_write", "debug_write"};
    for (const abi::SyscallInfo& call : abi::kSyscalls) {
        bool takes_pointer = false;
        for (unsigned i = 0; i < call.arg_count; ++i) {
            abi::ArgKind kind = call.args[i].kind;
            takes_pointer =
                takes_pointer || kind == abi::ArgKind::InPtr || kind == abi::ArgKind::OutPtr;
        }
        if (!takes_pointer)
            continue;
        bool found = false;
        for (const char* name : covered)
            found = found || StringView(name) == StringView(call.name);
        if (!EXPECT_TRUE(found))
            println("    {} takes a pointer and has no bad-pointer case", call.name);
    }
}

TEST(options_and_flags_with_unknown_bits_are_invalid) {
    abi::Handle raw = kInvalidHandle, other = kInvalidHandle;
    const uint64_t all_options[] = {1, 2, 1ull << 63};
    for (uint64_t options : all_options) {
        EXPECT_EQ(sys::memory_object_create(4096, options, &raw), Status::InvalidArgument);
        EXPECT_EQ(sys::endpoint_create(options, &raw), Status::InvalidArgument);
        EXPECT_EQ(sys::notification_create(options, &raw), Status::InvalidArgument);
        EXPECT_EQ(sys::process_create("p", 1, options, &raw, &other), Status::InvalidArgument);
        EXPECT_EQ(sys::thread_create(self_process(), "t", 1, options, &raw),
                  Status::InvalidArgument);
    }
}

TEST(values_wider_than_their_type_are_refused) {
    // Handles are 32 bits: anything above in the register is not "the low half".
    OwnedHandle notification = make_notification();
    ASSERT_TRUE(notification);
    abi::SyscallReturn result = raw_syscall(uint64_t(abi::Syscall::NotificationSignal),
                                            (1ull << 40) | notification.get(), 1);
    EXPECT_EQ(result.status, uint64_t(Status::BadHandle));
    uint64_t bits = 0;
    EXPECT_EQ(sys::notification_wait(notification.get(), abi::kDeadlineNow, &bits),
              Status::ShouldWait);
    // interrupt_create's line is 32 bits: the dispatcher refuses more before any other check.
    result = raw_syscall(uint64_t(abi::Syscall::InterruptCreate), root_resource(), 1ull << 32, 0);
    EXPECT_EQ(result.status, uint64_t(Status::InvalidArgument));
}
